package io.lipsync.obs;

import java.nio.file.Path;

/**
 * The clip a trigger points at: its item in a scene, the input it shows and that input's file.
 *
 * @param still true for an image source (rendered as a still clip)
 */
public record Clip(String scene, int sceneItemId, String source, String inputKind, Path file, boolean still) {
    /** The suffix of the source that shows a clip's lip-synced version. */
    public static final String RESULT_SUFFIX = " (lip-sync)";

    public String resultSource() {
        return source + RESULT_SUFFIX;
    }

    /** Identifies the clip across triggers: the same input in the same scene. */
    public String key() {
        return scene + "/" + source;
    }
}
