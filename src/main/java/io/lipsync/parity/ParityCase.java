package io.lipsync.parity;

import io.lipsync.util.UserError;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One entry of cases.json. */
public record ParityCase(String name, String kind, JsonObject inputs, JsonObject outputs, JsonObject config,
        Tolerance tolerance, JsonObject expected, String outputsFile, String paramsFile) {

    public static ParityCase fromJson(JsonObject o) {
        return new ParityCase(o.get("name").getAsString(), o.get("kind").getAsString(),
                o.has("inputs") ? o.getAsJsonObject("inputs") : new JsonObject(),
                o.has("outputs") ? o.getAsJsonObject("outputs") : new JsonObject(),
                o.has("config") && o.get("config").isJsonObject() ? o.getAsJsonObject("config") : new JsonObject(),
                Tolerance.fromJson(o.has("tolerance") ? o.getAsJsonObject("tolerance") : new JsonObject()),
                o.has("expected") && o.get("expected").isJsonObject() ? o.getAsJsonObject("expected") : new JsonObject(),
                o.has("outputs_file") ? o.get("outputs_file").getAsString() : null,
                o.has("params_file") ? o.get("params_file").getAsString() : null);
    }

    public String input(String key) {
        JsonElement e = inputs.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new UserError("case " + name + " has no input '" + key + "'");
        }
        return e.getAsString();
    }

    public boolean hasInput(String key) {
        return inputs.has(key);
    }

    public List<String> outputKeys() {
        return new ArrayList<>(outputs.keySet());
    }

    public String output(String key) {
        return outputs.get(key).getAsString();
    }

    public int configInt(String key, int fallback) {
        return config.has(key) && config.get(key).isJsonPrimitive() ? config.get(key).getAsInt() : fallback;
    }

    public float configFloat(String key, float fallback) {
        return config.has(key) && config.get(key).isJsonPrimitive() ? config.get(key).getAsFloat() : fallback;
    }
}
