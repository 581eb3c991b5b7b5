package io.lipsync.face;

import io.lipsync.util.Padding;

/** The mask operations of upstream's paste-back, on single-channel float images (H, W). */
final class Morphology {
    private Morphology() {}

    /**
     * Minimum over a k x k window whose anchor is at (k/2, k/2); pixels outside the image are ignored.
     * This is OpenCV's erode with its default border and kornia's erosion with a geodesic border.
     */
    static float[] erode(float[] src, int height, int width, int k) {
        int anchor = k / 2;
        float[] rows = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float m = Float.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    int xx = x + j - anchor;
                    if (xx >= 0 && xx < width) {
                        m = Math.min(m, src[y * width + xx]);
                    }
                }
                rows[y * width + x] = m;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float m = Float.POSITIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    int yy = y + i - anchor;
                    if (yy >= 0 && yy < height) {
                        m = Math.min(m, rows[yy * width + x]);
                    }
                }
                out[y * width + x] = m;
            }
        }
        return out;
    }

    /** Separable Gaussian blur, kernel size k, with mirror padding that does not repeat the edge pixel. */
    static float[] gaussianBlur(float[] src, int height, int width, int k, double sigma) {
        double[] kernel = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            double x = i - k / 2 + (k % 2 == 0 ? 0.5 : 0);
            kernel[i] = Math.exp(-x * x / (2 * sigma * sigma));
            total += kernel[i];
        }
        for (int i = 0; i < k; i++) {
            kernel[i] /= total;
        }
        int before = (k - 1) / 2;
        float[] horizontal = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int i = 0; i < k; i++) {
                    v += kernel[i] * src[y * width + Padding.reflect(x + i - before, width)];
                }
                horizontal[y * width + x] = (float) v;
            }
        }
        float[] out = new float[src.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int i = 0; i < k; i++) {
                    v += kernel[i] * horizontal[Padding.reflect(y + i - before, height) * width + x];
                }
                out[y * width + x] = (float) v;
            }
        }
        return out;
    }
}
