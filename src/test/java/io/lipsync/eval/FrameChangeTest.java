package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Rgb;
import io.lipsync.media.FrameStream;
import io.lipsync.testing.RedrawnMouths;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frame counts as changed when one block of it differs from the reference beyond the threshold: exactly on
 * made-up frames, and on the real face clip encoded twice, where the encoder's noise must stay below the
 * threshold and a redrawn mouth must go above it.
 */
class FrameChangeTest {
    @TempDir
    Path dir;

    @Test
    void takesTheLargestBlockMeanIncludingTheEdgeBlocks() {
        Rgb a = Rgb.blank(40, 20);
        Rgb b = Rgb.blank(40, 20);
        // One pixel off by 255 in a full 16 x 16 block: 255 / (256 * 3) on average, far below the threshold.
        b.set(3, 3, 0, 255);
        assertEquals(255.0 / (16 * 16 * 3), FrameChange.largestBlockDifference(a, b), 1e-12);
        assertFalse(FrameChange.changed(a, b));
        // The bottom-right edge block is 8 x 4 px: every value there up by 7 gives a mean of 7.
        for (int y = 16; y < 20; y++) {
            for (int x = 32; x < 40; x++) {
                for (int c = 0; c < 3; c++) {
                    b.set(y, x, c, 7);
                }
            }
        }
        assertEquals(7.0, FrameChange.largestBlockDifference(a, b), 1e-12);
        assertTrue(FrameChange.changed(a, b));
        assertEquals(FrameChange.largestBlockDifference(a, b), FrameChange.largestBlockDifference(b, a), 0);
    }

    @Test
    void encoderNoiseStaysBelowTheThresholdAndARedrawnMouthGoesAbove() throws Exception {
        Set<Integer> redrawn = Set.of(7, 25, 26, 51);
        Path plain = dir.resolve("plain.mp4");
        Path edited = dir.resolve("edited.mp4");
        int frames = RedrawnMouths.write(plain, edited, 60, redrawn);
        double noise = 0;
        double smallestChange = Double.MAX_VALUE;
        int i = 0;
        try (FrameStream a = FrameStream.open(plain); FrameStream b = FrameStream.open(edited)) {
            for (; a.hasNext() && b.hasNext(); i++) {
                double d = FrameChange.largestBlockDifference(a.next(), b.next());
                if (redrawn.contains(i)) {
                    smallestChange = Math.min(smallestChange, d);
                } else {
                    noise = Math.max(noise, d);
                }
            }
        }
        assertEquals(frames, i);
        String seen = "encoder noise up to " + noise + ", redrawn mouths from " + smallestChange;
        System.out.println(seen);
        assertTrue(noise < FrameChange.THRESHOLD, seen);
        assertTrue(smallestChange > FrameChange.THRESHOLD, seen);
    }
}
