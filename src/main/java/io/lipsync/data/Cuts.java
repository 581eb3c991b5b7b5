package io.lipsync.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 4: each shot cut into pieces of 5 s. Upstream's ffmpeg segment muxer can only cut at keyframes, so its
 * pieces run 5 to 10 s and a shorter shot stays whole ({@link UpstreamSteps#keyframeCuts}). Here the cuts are
 * exact: whole cuts of 5 s, the remainder joined to the last one (so 5 to 10 s), and a shot shorter than 5 s
 * kept as one cut.
 */
public final class Cuts {
    private Cuts() {}

    /** Frames [start, end) of a source. */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    /** A cut of a source: its shot, its number within the shot, and its frames. */
    public record Planned(int shot, int number, Span frames) {}

    /** The cuts of shot [start, end), {@code cutFrames} long. */
    public static List<Span> of(int start, int end, int cutFrames) {
        List<Span> out = new ArrayList<>();
        int length = end - start;
        if (length <= 0) {
            return out;
        }
        int count = Math.max(1, length / cutFrames);
        for (int i = 0; i < count; i++) {
            int from = start + i * cutFrames;
            out.add(new Span(from, i == count - 1 ? end : from + cutFrames));
        }
        return out;
    }
}
