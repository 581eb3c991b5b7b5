package io.lipsync.pipeline;

import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.DenoiseOptions;
import java.nio.file.Path;

/**
 * One render: clip and voice in, MP4 out (and, when {@code segments} is set, HLS segments as chunks finish),
 * with the sampling settings, the seed for every random draw, and which face to lip-sync where there are several.
 */
public record RenderRequest(Path video, Path audio, Path out, Path segments, DenoiseOptions options, long seed,
        FaceChoice face) {
    /** The largest face in each frame, as upstream lip-syncs it. */
    public RenderRequest(Path video, Path audio, Path out, Path segments, DenoiseOptions options, long seed) {
        this(video, audio, out, segments, options, seed, FaceChoice.LARGEST);
    }
}
