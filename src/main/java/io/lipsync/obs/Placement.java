package io.lipsync.obs;

import io.lipsync.util.UserError;

/** Where a finished lip-sync goes in the scene. */
public enum Placement {
    /** A new source "<clip> (lip-sync)" right above the clip, with its transform; the clip is hidden. */
    ADD,
    /** The clip's own source plays the result (its original file is remembered in its settings). */
    REPLACE;

    public static Placement parse(String text, Placement fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "add" -> ADD;
            case "replace" -> REPLACE;
            default -> throw new UserError("placement must be add or replace, not '" + text + "'");
        };
    }
}
