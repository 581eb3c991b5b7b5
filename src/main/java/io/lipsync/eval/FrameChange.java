package io.lipsync.eval;

import io.lipsync.image.Rgb;

/**
 * Whether a frame shows something its reference does not: some 16 x 16 block of it differs from the same block
 * of the reference by more than {@link #THRESHOLD} levels (of 255) on average over its pixels and channels.
 * A whole-frame measure (SSIM, PSNR) barely moves when only a mouth is redrawn, since a mouth is about 1 % of
 * a frame; a block-wise one sees it, while the noise of encoding the same picture twice stays below it.
 */
public final class FrameChange {
    static final int BLOCK = 16;

    /** Above the differences two H.264 encodes of one clip leave (see FrameChangeTest), below a redrawn mouth's. */
    public static final double THRESHOLD = 6;

    private FrameChange() {}

    /** The largest mean absolute difference of any block (edge blocks may be smaller than 16 x 16). */
    public static double largestBlockDifference(Rgb a, Rgb b) {
        a.requireSameSize(b);
        byte[] p = a.pixels();
        byte[] q = b.pixels();
        double largest = 0;
        for (int by = 0; by < a.height(); by += BLOCK) {
            for (int bx = 0; bx < a.width(); bx += BLOCK) {
                int h = Math.min(BLOCK, a.height() - by);
                int w = Math.min(BLOCK, a.width() - bx);
                long sum = 0;
                for (int y = by; y < by + h; y++) {
                    int row = (y * a.width() + bx) * 3;
                    for (int i = row; i < row + w * 3; i++) {
                        sum += Math.abs((p[i] & 0xff) - (q[i] & 0xff));
                    }
                }
                largest = Math.max(largest, sum / (double) (w * h * 3));
            }
        }
        return largest;
    }

    public static boolean changed(Rgb a, Rgb b) {
        return largestBlockDifference(a, b) > THRESHOLD;
    }
}
