package io.lipsync.data;

import io.lipsync.media.MediaException;
import io.lipsync.media.MediaProbe;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Step 1: why a source cannot be used, if it cannot. Upstream deletes a file when decord cannot open it: an
 * unreadable container, no video stream, no frames, and no audio stream (decord's reader opens the audio
 * first). A silent video is dropped here too, with the reason that it cannot teach lip sync.
 */
public final class SourceCheck {
    private SourceCheck() {}

    public static Optional<String> brokenReason(Path source) {
        MediaProbe.Streams streams;
        try {
            streams = MediaProbe.probe(source);
        } catch (MediaException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
        if (!streams.video()) {
            return Optional.of("no video stream");
        }
        if (!streams.audio()) {
            return Optional.of("no audio stream (a silent video cannot teach lip sync)");
        }
        return Optional.empty();
    }
}
