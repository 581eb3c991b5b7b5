package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Rgb;
import org.junit.jupiter.api.Test;

/** SSIM: 1 for identical frames, symmetric, and equal to a direct two-dimensional evaluation of its formula. */
class SsimTest {
    /** A pseudo-random frame both this test and its reference computation build (an LCG's high bits). */
    private static double[] lcg(long seed, int n) {
        double[] out = new double[n];
        long s = seed;
        for (int i = 0; i < n; i++) {
            s = (1103515245L * s + 12345) % 2147483648L;
            out[i] = (s >> 16) % 256;
        }
        return out;
    }

    private static Rgb frame(double[] v, int w, int h) {
        byte[] p = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            p[i] = (byte) v[i];
        }
        return new Rgb(w, h, p);
    }

    @Test
    void matchesADirectEvaluationOfTheFormula() {
        int w = 24;
        int h = 16;
        double[] a = lcg(1, w * h * 3);
        double[] noise = lcg(2, w * h * 3);
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = (long) Math.max(0, Math.min(255, a[i] * 0.7 + 40 + (noise[i] - 128) * 0.3));
        }
        // Computed with numpy: the full 11 x 11 Gaussian window at each of the 6 x 14 valid positions, per channel.
        assertEquals(0.8893189590503079, Ssim.of(frame(a, w, h), frame(b, w, h)), 1e-12);
        assertEquals(Ssim.of(frame(a, w, h), frame(b, w, h)), Ssim.of(frame(b, w, h), frame(a, w, h)), 1e-12);
        assertEquals(1.0, Ssim.of(frame(a, w, h), frame(a, w, h)), 1e-12);
        assertTrue(Ssim.of(frame(a, w, h), frame(noise, w, h)) < 0.1);
    }
}
