package io.lipsync.image;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LANCZOS4;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** The two resamplers upstream uses: OpenCV's Lanczos-4 on 8-bit images, torch's antialiased bicubic on floats. */
public final class Resize {
    private Resize() {}

    /** OpenCV INTER_LANCZOS4 on an 8-bit RGB image (rounded and saturated, as OpenCV does). */
    public static Rgb lanczos(Rgb src, int width, int height) {
        return new Rgb(width, height, lanczos(src.pixels(), src.width(), src.height(), 3, width, height));
    }

    /** OpenCV INTER_LANCZOS4 on 8-bit pixels with 1 or 3 interleaved channels. */
    public static byte[] lanczos(byte[] pixels, int width, int height, int channels, int outWidth, int outHeight) {
        return opencv(pixels, width, height, channels, outWidth, outHeight, INTER_LANCZOS4);
    }

    /** OpenCV INTER_LINEAR (cv2.resize's default) on interleaved 8-bit RGB. */
    public static byte[] linear(byte[] rgb, int width, int height, int outWidth, int outHeight) {
        return opencv(rgb, width, height, 3, outWidth, outHeight, opencv_imgproc.INTER_LINEAR);
    }

    /** OpenCV INTER_AREA on interleaved 8-bit RGB: the alias-free way to shrink a frame for a detector. */
    public static byte[] area(byte[] rgb, int width, int height, int outWidth, int outHeight) {
        return opencv(rgb, width, height, 3, outWidth, outHeight, opencv_imgproc.INTER_AREA);
    }

    private static byte[] opencv(byte[] pixels, int width, int height, int channels, int outWidth, int outHeight,
            int interpolation) {
        int type = channels == 1 ? CV_8UC1 : CV_8UC3;
        try (BytePointer in = new BytePointer(pixels);
                Mat src = new Mat(height, width, type, in);
                Mat dst = new Mat()) {
            opencv_imgproc.resize(src, dst, new Size(outWidth, outHeight), 0, 0, interpolation);
            byte[] out = new byte[outWidth * outHeight * channels];
            dst.data().get(out);
            return out;
        }
    }

    /**
     * torchvision's Resize((size, size), BICUBIC, antialias=True) of an 8-bit frame, rounded back to 8 bits,
     * as the training datasets resize frames: planar (3, size, size). A frame of that size passes unchanged.
     */
    public static byte[] torchvisionBicubic(Rgb rgb, int size) {
        Planar p = Planar.fromRgb(rgb);
        if (rgb.width() != size || rgb.height() != size) {
            p = bicubicAntialias(p, size, size);
        }
        float[] v = p.data();
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
        }
        return out;
    }

    /**
     * torch's bicubic interpolation with antialias (align_corners=False, cubic a = -0.5, kernel widened by
     * the downscale factor), separable: width first, then height. (C, H, W) -> (C, outHeight, outWidth).
     */
    public static Planar bicubicAntialias(Planar src, int outHeight, int outWidth) {
        Planar horizontal = Planar.zeros(src.channels(), src.height(), outWidth);
        Taps wx = Taps.of(src.width(), outWidth);
        for (int c = 0; c < src.channels(); c++) {
            for (int y = 0; y < src.height(); y++) {
                for (int x = 0; x < outWidth; x++) {
                    double v = 0;
                    for (int k = 0; k < wx.weights[x].length; k++) {
                        v += wx.weights[x][k] * src.get(c, y, wx.start[x] + k);
                    }
                    horizontal.set(c, y, x, (float) v);
                }
            }
        }
        Planar out = Planar.zeros(src.channels(), outHeight, outWidth);
        Taps wy = Taps.of(src.height(), outHeight);
        for (int c = 0; c < src.channels(); c++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    double v = 0;
                    for (int k = 0; k < wy.weights[y].length; k++) {
                        v += wy.weights[y][k] * horizontal.get(c, wy.start[y] + k, x);
                    }
                    out.set(c, y, x, (float) v);
                }
            }
        }
        return out;
    }

    /** For each output index, the first input index and the normalised weights of its taps. */
    private record Taps(int[] start, double[][] weights) {
        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double support = scale >= 1 ? 2 * scale : 2;
            double invScale = scale >= 1 ? 1 / scale : 1;
            int[] start = new int[out];
            double[][] weights = new double[out][];
            for (int i = 0; i < out; i++) {
                double centre = scale * (i + 0.5);
                int lo = Math.max((int) (centre - support + 0.5), 0);
                int hi = Math.min((int) (centre + support + 0.5), in);
                double[] w = new double[hi - lo];
                double total = 0;
                for (int j = 0; j < w.length; j++) {
                    w[j] = cubic((j + lo - centre + 0.5) * invScale);
                    total += w[j];
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] = total != 0 ? w[j] / total : w[j];
                }
                start[i] = lo;
                weights[i] = w;
            }
            return new Taps(start, weights);
        }

        private static double cubic(double x) {
            double a = -0.5;
            x = Math.abs(x);
            if (x < 1) {
                return ((a + 2) * x - (a + 3)) * x * x + 1;
            }
            if (x < 2) {
                return (((x - 5) * x + 8) * x - 4) * a;
            }
            return 0;
        }
    }
}
