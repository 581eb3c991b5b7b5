package io.lipsync.pipeline;

import io.lipsync.latentsync.DenoiseOptions;
import java.nio.file.Path;

/**
 * One render: clip and voice in, MP4 out (and, when {@code segments} is set, HLS segments as chunks finish),
 * with the sampling settings and the seed for every random draw.
 */
public record RenderRequest(Path video, Path audio, Path out, Path segments, DenoiseOptions options, long seed) {}
