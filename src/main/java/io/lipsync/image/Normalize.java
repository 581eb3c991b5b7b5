package io.lipsync.image;

/**
 * Pixels as upstream's training datasets feed them: x / 255, then torchvision's Normalize([0.5], [0.5]),
 * computed in that order (the renders' x / 127.5 - 1 rounds differently in the last bit).
 */
public final class Normalize {
    private Normalize() {}

    /** Writes {@code pixels} (8-bit) into {@code out} from {@code offset} on, in [-1, 1]. */
    public static void into(byte[] pixels, float[] out, int offset) {
        for (int i = 0; i < pixels.length; i++) {
            out[offset + i] = of(pixels[i]);
        }
    }

    public static float of(byte pixel) {
        return ((pixel & 0xff) / 255f - 0.5f) / 0.5f;
    }
}
