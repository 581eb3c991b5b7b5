package io.lipsync.parity;

import io.lipsync.util.UserError;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** One entry of cases.json: its name, kind and tolerance, and the entry itself for the rest. */
public record ParityCase(String name, String kind, Tolerance tolerance, JsonObject json) {

    public static ParityCase fromJson(JsonObject o) {
        return new ParityCase(o.get("name").getAsString(), o.get("kind").getAsString(),
                Tolerance.fromJson(o.has("tolerance") ? o.getAsJsonObject("tolerance") : new JsonObject()), o);
    }

    public JsonObject inputs() {
        return object("inputs");
    }

    public JsonObject outputs() {
        return object("outputs");
    }

    public JsonObject config() {
        return object("config");
    }

    public JsonObject expected() {
        return object("expected");
    }

    /** The file holding every output, when the case names one (else each output names its own). */
    public String outputsFile() {
        return json.has("outputs_file") ? json.get("outputs_file").getAsString() : null;
    }

    public String paramsFile() {
        return json.has("params_file") ? json.get("params_file").getAsString() : null;
    }

    /** The entry's object under {@code key}; empty when it is absent or not an object. */
    private JsonObject object(String key) {
        return json.has(key) && json.get(key).isJsonObject() ? json.getAsJsonObject(key) : new JsonObject();
    }

    public String input(String key) {
        JsonElement e = inputs().get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new UserError("case " + name + " has no input '" + key + "'");
        }
        return e.getAsString();
    }

    public boolean hasInput(String key) {
        return inputs().has(key);
    }

    public List<String> outputKeys() {
        return new ArrayList<>(outputs().keySet());
    }

    public String output(String key) {
        return outputs().get(key).getAsString();
    }

    public int configInt(String key, int fallback) {
        JsonElement e = config().get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsInt() : fallback;
    }

    public float configFloat(String key, float fallback) {
        JsonElement e = config().get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsFloat() : fallback;
    }
}
