package io.lipsync.training;

import io.lipsync.audio.SyncNetMel;
import java.util.List;
import java.util.Random;

/**
 * Which windows the training datasets draw, as upstream's SyncNetDataset and UNetDataset draw them, from
 * an injectable source of random draws (so a run can be replayed, and checked against upstream's draws).
 */
public final class WindowSampler {
    /** Python's random.randint(lo, hi) (inclusive) and random.choice([True, False]) (true = index 0). */
    public interface Draws {
        int randint(int lo, int hi);

        boolean coin();
    }

    /** A prepared clip: its video frames and its SyncNet mel columns. */
    public record Clip(String path, int frames, int melFrames) {}

    /**
     * A SyncNet sample: clip index, the window the audio belongs to ({@code start}), the label, the
     * frames shown (from {@code start} when y = 1, from another window when y = 0) and the mel columns.
     */
    public record SyncNetSample(int clip, int start, int y, int framesStart, int melStart, int melWidth) {}

    /** A U-Net sample: the target window and a reference window that does not overlap it. */
    public record UNetSample(int start, int refStart) {}

    private WindowSampler() {}

    public static Draws random(Random random) {
        return new Draws() {
            @Override
            public int randint(int lo, int hi) {
                return lo + random.nextInt(hi - lo + 1);
            }

            @Override
            public boolean coin() {
                return random.nextBoolean();
            }
        };
    }

    /**
     * SyncNetDataset.__getitem__: draw a clip (again while it has fewer than 2·F frames), a start and a
     * different wrong start; draw again from the clip if the mel window at start is cut short; then a coin
     * decides between the true frames (y = 1) and the wrong ones (y = 0), with the same audio either way.
     */
    public static SyncNetSample syncNet(List<Clip> clips, int numFrames, int fps, Draws draws) {
        int length = SyncNetMel.windowLength(numFrames);
        while (true) {
            int index = draws.randint(0, clips.size() - 1);
            Clip clip = clips.get(index);
            if (clip.frames() < 2 * numFrames) {
                continue;
            }
            int start = draws.randint(0, clip.frames() - numFrames);
            int wrong;
            do {
                wrong = draws.randint(0, clip.frames() - numFrames);
            } while (wrong == start);
            int[] mel = SyncNetMel.window(start, fps, length, clip.melFrames());
            if (mel[1] - mel[0] != length) {
                continue;
            }
            boolean positive = draws.coin();
            return new SyncNetSample(index, start, positive ? 1 : 0, positive ? start : wrong, mel[0], length);
        }
    }

    /** UNetDataset.get_frames: a start, then a reference start drawn again while the windows overlap. */
    public static UNetSample unet(int totalFrames, int numFrames, Draws draws) {
        int start = draws.randint(0, totalFrames - numFrames);
        int ref;
        do {
            ref = draws.randint(0, totalFrames - numFrames);
        } while (ref > start - numFrames && ref < start + numFrames);
        return new UNetSample(start, ref);
    }
}
