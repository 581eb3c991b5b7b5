package io.lipsync.parity;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * |actual - golden| <= atol + rtol * |golden| elementwise; pixelAtol in grey levels for PNG outputs;
 * {@code per_output} entries override the case's pair for the outputs they name; {@code named} keeps the case's
 * other numbers (rules of its own kind, such as {@code cuts_atol}).
 */
public record Tolerance(double rtol, double atol, double pixelAtol, Map<String, Tolerance> perOutput,
        Map<String, Double> named) {
    /** A tolerance of its own, for outputs a runner compares itself. */
    public Tolerance(double rtol, double atol, double pixelAtol, Map<String, Tolerance> perOutput) {
        this(rtol, atol, pixelAtol, perOutput, Map.of());
    }

    public static Tolerance fromJson(JsonObject o) {
        Map<String, Tolerance> per = new HashMap<>();
        if (o.has("per_output")) {
            o.getAsJsonObject("per_output").entrySet()
                    .forEach(e -> per.put(e.getKey(), fromJson(e.getValue().getAsJsonObject())));
        }
        Map<String, Double> named = new HashMap<>();
        o.entrySet().stream().filter(e -> e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber())
                .forEach(e -> named.put(e.getKey(), e.getValue().getAsDouble()));
        return new Tolerance(o.has("rtol") ? o.get("rtol").getAsDouble() : 0,
                o.has("atol") ? o.get("atol").getAsDouble() : 0,
                o.has("pixel_atol") ? o.get("pixel_atol").getAsDouble() : 0, Map.copyOf(per), Map.copyOf(named));
    }

    /** A number the case's tolerance names for a rule of its own (e.g. {@code cuts_atol}). */
    public double named(String key, double fallback) {
        return named.getOrDefault(key, fallback);
    }

    /** The tolerance of one output. */
    public Tolerance forOutput(String output) {
        return perOutput.getOrDefault(output, this);
    }
}
