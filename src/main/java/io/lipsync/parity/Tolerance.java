package io.lipsync.parity;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * |actual - golden| <= atol + rtol * |golden| elementwise; pixelAtol in grey levels for PNG outputs;
 * {@code per_output} entries override the case's pair for the outputs they name.
 */
public record Tolerance(double rtol, double atol, double pixelAtol, Map<String, Tolerance> perOutput) {
    public static Tolerance fromJson(JsonObject o) {
        Map<String, Tolerance> per = new HashMap<>();
        if (o.has("per_output")) {
            o.getAsJsonObject("per_output").entrySet()
                    .forEach(e -> per.put(e.getKey(), fromJson(e.getValue().getAsJsonObject())));
        }
        return new Tolerance(o.has("rtol") ? o.get("rtol").getAsDouble() : 0,
                o.has("atol") ? o.get("atol").getAsDouble() : 0,
                o.has("pixel_atol") ? o.get("pixel_atol").getAsDouble() : 0, Map.copyOf(per));
    }

    /** The tolerance of one output. */
    public Tolerance forOutput(String output) {
        return perOutput.getOrDefault(output, this);
    }
}
