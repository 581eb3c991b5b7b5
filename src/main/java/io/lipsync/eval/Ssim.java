package io.lipsync.eval;

import io.lipsync.image.Rgb;

/**
 * Structural similarity as Wang et al. (2004) define it: local means, variances and covariance under an
 * 11 x 11 Gaussian window (sigma 1.5), {@code ((2 mu_x mu_y + C1)(2 cov + C2)) / ((mu_x^2 + mu_y^2 + C1)(var_x +
 * var_y + C2))} with C1 = (0.01 L)^2, C2 = (0.03 L)^2, L = 255, averaged over every position where the window
 * fits, then over the three colour channels.
 */
public final class Ssim {
    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] KERNEL = kernel();

    private Ssim() {}

    private static double[] kernel() {
        double[] k = new double[WINDOW];
        double sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            double d = i - WINDOW / 2;
            k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            sum += k[i];
        }
        for (int i = 0; i < WINDOW; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** The SSIM of two frames of the same size (at least 11 x 11). */
    public static double of(Rgb a, Rgb b) {
        a.requireSameSize(b);
        if (a.width() < WINDOW || a.height() < WINDOW) {
            throw new IllegalArgumentException("frames smaller than the 11 x 11 window");
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += channel(a, b, c);
        }
        return sum / 3;
    }

    private static double channel(Rgb a, Rgb b, int c) {
        int w = a.width();
        int h = a.height();
        double[] x = new double[w * h];
        double[] y = new double[w * h];
        for (int i = 0; i < w * h; i++) {
            x[i] = a.pixels()[i * 3 + c] & 0xff;
            y[i] = b.pixels()[i * 3 + c] & 0xff;
        }
        double[] xx = new double[w * h];
        double[] yy = new double[w * h];
        double[] xy = new double[w * h];
        for (int i = 0; i < w * h; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = filtered(x, w, h);
        double[] my = filtered(y, w, h);
        double[] sxx = filtered(xx, w, h);
        double[] syy = filtered(yy, w, h);
        double[] sxy = filtered(xy, w, h);
        double total = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            total += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
                    / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return total / mx.length;
    }

    /** The Gaussian-weighted mean at every position where the whole window fits (separable, "valid"). */
    private static double[] filtered(double[] v, int w, int h) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        double[] rows = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * v[y * w + x + k];
                }
                rows[y * ow + x] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int k = 0; k < WINDOW; k++) {
                    s += KERNEL[k] * rows[(y + k) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }
}
