package io.lipsync.obs.daemon;

import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.lipsync.obs.Placement;
import io.lipsync.util.UserError;

/**
 * A request to lip-sync (or re-render) a clip, from the OBS script's hotkeys or button, the Tools menu, or the
 * dock. Every field but the action may be absent: the daemon then uses the selected item, the voice naming
 * rule and its own default placement.
 *
 * @param scene the scene holding the clip (null: the current program scene)
 * @param sceneItemId the clip's item in that scene (null: the item named {@code source}, else the selected one)
 * @param voice the audio source paired with the clip in the script's settings (null: none)
 * @param choices the preset and the face chosen in OBS for this job
 */
public record Trigger(Action action, String scene, Integer sceneItemId, String source, String voice,
        Placement placement, JobChoices choices, String origin) {
    /**
     * The vendor name our OBS script registers with obs-websocket. A name stays registered until OBS exits,
     * so a script reloaded since takes the first free of {@code obs-lipsync-2}, {@code obs-lipsync-3}, ...
     */
    public static final String SCRIPT_VENDOR = "obs-lipsync";
    private static final java.util.regex.Pattern RELOADED_SCRIPT_VENDOR = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(SCRIPT_VENDOR) + "-[0-9]+");
    /** The vendor name of the native Tools-menu plugin. */
    public static final String MENU_VENDOR = "obs-lipsync-tools";

    public enum Action {
        LIPSYNC, RERENDER;

        /** The vendor event type that asks for this action. */
        public String eventType() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Reads a vendor event's data (see plugin/README.md for the fields); null when it is none of ours. */
    public static Trigger fromVendorEvent(String vendor, String type, JsonObject data) {
        if (!isOurs(vendor)) {
            return null;
        }
        Action action = switch (type) {
            case "lipsync" -> Action.LIPSYNC;
            case "rerender" -> Action.RERENDER;
            default -> null;
        };
        if (action == null) {
            return null;
        }
        JsonObject d = data != null ? data : new JsonObject();
        Integer item = number(d.get("sceneItemId"));
        return new Trigger(action, text(d.get("scene")), item, text(d.get("source")), text(d.get("voice")),
                Placement.parse(text(d.get("placement")), null),
                new JobChoices(preset(text(d.get("preset"))), FaceChoice.parse(text(d.get("face")))), text(d.get("origin")));
    }

    /** Whether a vendor event comes from our script (as first loaded, or reloaded) or the Tools-menu plugin. */
    static boolean isOurs(String vendor) {
        return vendor != null && (SCRIPT_VENDOR.equals(vendor) || MENU_VENDOR.equals(vendor)
                || RELOADED_SCRIPT_VENDOR.matcher(vendor).matches());
    }

    private static Preset preset(String name) {
        try {
            return name == null ? null : Preset.parse(name);
        } catch (UserError e) {
            throw new UserError("the preset must be draft, standard or final, not '" + name + "'");
        }
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() || e.getAsString().isBlank() ? null : e.getAsString();
    }

    private static Integer number(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        int id = e.getAsInt();
        return id > 0 ? id : null;
    }
}
