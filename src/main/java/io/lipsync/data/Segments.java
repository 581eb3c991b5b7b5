package io.lipsync.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's step 4 cuts each shot into segments of at least {@code segmentFrames} (5 s): its segment
 * muxer can only cut at keyframes, so its segments run 5 to 10 s and a shorter shot stays whole. Here the
 * cuts are exact: whole segments of 5 s, the remainder joined to the last one (so 5 to 10 s), and a shot
 * shorter than 5 s kept as one segment.
 */
public final class Segments {
    private Segments() {}

    /** [start, end) frame ranges of the segments of shot [start, end). */
    public static List<int[]> of(int start, int end, int segmentFrames) {
        List<int[]> out = new ArrayList<>();
        int length = end - start;
        if (length <= 0) {
            return out;
        }
        int count = Math.max(1, length / segmentFrames);
        for (int i = 0; i < count; i++) {
            int from = start + i * segmentFrames;
            out.add(new int[] {from, i == count - 1 ? end : from + segmentFrames});
        }
        return out;
    }
}
