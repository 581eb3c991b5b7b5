package io.lipsync.obs;

import java.nio.file.Path;

/** The voice track for a clip and how it was found (shown to the user). */
public record Voice(Path file, String foundBy) {}
