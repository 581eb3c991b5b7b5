package io.lipsync.parity;

import java.util.Arrays;

/** How one output compares with its golden value. */
public record Comparison(String output, double maxAbs, double maxRel, boolean pass, String problem) {

    public static Comparison of(String output, Tensor actual, Tensor golden, double atol, double rtol) {
        if (TensorShapes.numel(actual.shape()) != TensorShapes.numel(golden.shape())) {
            return new Comparison(output, Double.NaN, Double.NaN, false, "shape " + Arrays.toString(actual.shape())
                    + " vs golden " + Arrays.toString(golden.shape()));
        }
        double maxAbs = 0;
        double maxRel = 0;
        boolean pass = true;
        float[] a = actual.data();
        float[] g = golden.data();
        for (int i = 0; i < g.length; i++) {
            if (!Float.isFinite(g[i])) {
                // A non-finite golden (an overflowed step) must be matched by the same class: NaN, +inf or -inf.
                boolean same = Float.isNaN(g[i]) ? Float.isNaN(a[i]) : a[i] == g[i];
                if (!same) {
                    pass = false;
                    maxAbs = Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double diff = Math.abs((double) a[i] - g[i]);
            if (Double.isNaN(diff)) {
                diff = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, diff);
            if (g[i] != 0) {
                maxRel = Math.max(maxRel, diff / Math.abs(g[i]));
            } else if (diff > 0) {
                maxRel = Double.POSITIVE_INFINITY;
            }
            if (diff > atol + rtol * Math.abs(g[i])) {
                pass = false;
            }
        }
        return new Comparison(output, maxAbs, maxRel, pass, null);
    }
}
