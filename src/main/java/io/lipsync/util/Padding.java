package io.lipsync.util;

/** Index arithmetic for padded signals and images. */
public final class Padding {
    private Padding() {}

    /** Mirror padding that does not repeat the edge (torch's and numpy's "reflect"): -1 -> 1, n -> n - 2. */
    public static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
