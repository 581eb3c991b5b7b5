package io.lipsync.obs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;

/** The settings keys of OBS's media ({@code ffmpeg_source}) and image ({@code image_source}) inputs. */
final class MediaSettings {
    static final String MEDIA = "ffmpeg_source";
    static final String IMAGE = "image_source";
    /** Where "replace in place" keeps the clip's own file, so re-renders start from it again. */
    static final String ORIGINAL_FILE = "lipsync_original_file";

    private MediaSettings() {}

    /** The local file an input plays, or null when it plays none (a URL, or no file set). */
    static Path file(String kind, JsonObject settings) {
        if (IMAGE.equals(kind)) {
            return path(settings.get("file"));
        }
        if (!MEDIA.equals(kind)) {
            return null;
        }
        // OBS leaves defaults out of the settings it reports; is_local_file defaults to true.
        JsonElement local = settings.get("is_local_file");
        if (local != null && !local.getAsBoolean()) {
            return null;
        }
        JsonElement original = settings.get(ORIGINAL_FILE);
        return original != null ? path(original) : path(settings.get("local_file"));
    }

    static JsonObject playFile(Path file, boolean loop) {
        JsonObject s = new JsonObject();
        s.addProperty("is_local_file", true);
        s.addProperty("local_file", file.toAbsolutePath().toString());
        s.addProperty("looping", loop);
        s.addProperty("restart_on_activate", true);
        return s;
    }

    static JsonObject playStream(String url) {
        JsonObject s = new JsonObject();
        s.addProperty("is_local_file", false);
        s.addProperty("input", url);
        s.addProperty("input_format", "hls");
        s.addProperty("looping", false);
        s.addProperty("restart_on_activate", true);
        return s;
    }

    static boolean looping(JsonObject settings) {
        JsonElement loop = settings.get("looping");
        return loop != null && loop.getAsBoolean();
    }

    private static Path path(JsonElement e) {
        return e == null || e.isJsonNull() || e.getAsString().isBlank() ? null : Path.of(e.getAsString());
    }
}
