package io.lipsync.image;

import io.lipsync.util.Padding;

/**
 * The mask operations of upstream's paste-back, on single-channel float images (H, W), each done as a
 * pass along the rows and then one along the columns.
 */
public final class Morphology {
    private Morphology() {}

    /**
     * Minimum over a k x k window whose anchor is at (k/2, k/2); pixels outside the image are ignored.
     * This is OpenCV's erode with its default border and kornia's erosion with a geodesic border.
     */
    public static float[] erode(float[] src, int height, int width, int k) {
        return separable(src, height, width, (line, at, length) -> {
            float m = Float.POSITIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                int i = at + j - k / 2;
                if (i >= 0 && i < length) {
                    m = Math.min(m, line.get(i));
                }
            }
            return m;
        });
    }

    /** Separable Gaussian blur, kernel size k, with mirror padding that does not repeat the edge pixel. */
    public static float[] gaussianBlur(float[] src, int height, int width, int k, double sigma) {
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
        return separable(src, height, width, (line, at, length) -> {
            double v = 0;
            for (int i = 0; i < k; i++) {
                v += kernel[i] * line.get(Padding.reflect(at + i - before, length));
            }
            return (float) v;
        });
    }

    /** One row or column of an image, by position along it. */
    private interface Line {
        float get(int i);
    }

    /** The value at position {@code at} of a line of {@code length} pixels. */
    private interface Window {
        float apply(Line line, int at, int length);
    }

    private static float[] separable(float[] src, int height, int width, Window window) {
        float[] rows = new float[src.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            Line line = i -> src[base + i];
            for (int x = 0; x < width; x++) {
                rows[base + x] = window.apply(line, x, width);
            }
        }
        float[] out = new float[src.length];
        for (int x = 0; x < width; x++) {
            int column = x;
            Line line = i -> rows[i * width + column];
            for (int y = 0; y < height; y++) {
                out[y * width + x] = window.apply(line, y, height);
            }
        }
        return out;
    }
}
