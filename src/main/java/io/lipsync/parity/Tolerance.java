package io.lipsync.parity;

import com.google.gson.JsonObject;

/** |actual - golden| <= atol + rtol * |golden| elementwise; pixelAtol in grey levels for PNG outputs. */
public record Tolerance(double rtol, double atol, double pixelAtol) {
    public static Tolerance fromJson(JsonObject o) {
        return new Tolerance(o.has("rtol") ? o.get("rtol").getAsDouble() : 0,
                o.has("atol") ? o.get("atol").getAsDouble() : 0,
                o.has("pixel_atol") ? o.get("pixel_atol").getAsDouble() : 0);
    }
}
