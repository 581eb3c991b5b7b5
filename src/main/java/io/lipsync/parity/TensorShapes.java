package io.lipsync.parity;

/** Small shape helpers. */
final class TensorShapes {
    private TensorShapes() {}

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
