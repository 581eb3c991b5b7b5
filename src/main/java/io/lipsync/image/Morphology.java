package io.lipsync.image;

import static org.bytedeco.opencv.global.opencv_core.ALGO_HINT_ACCURATE;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** The mask operations of upstream's paste-back, on single-channel float images (H, W), by OpenCV. */
public final class Morphology {
    private Morphology() {}

    /**
     * Minimum over a k x k window anchored at (k/2, k/2); pixels outside the image are ignored: OpenCV's erode
     * with its default border, which is also kornia's erosion with a geodesic border.
     */
    public static float[] erode(float[] src, int height, int width, int k) {
        try (FloatPointer data = new FloatPointer(src); Mat in = new Mat(height, width, CV_32FC1, data);
                Mat kernel = new Mat(k, k, CV_8UC1, new Scalar(1)); Mat out = new Mat()) {
            opencv_imgproc.erode(in, out, kernel);
            return floats(out, src.length);
        }
    }

    /** Gaussian blur, kernel size k (odd), mirror padding that does not repeat the edge pixel. */
    public static float[] gaussianBlur(float[] src, int height, int width, int k, double sigma) {
        try (FloatPointer data = new FloatPointer(src); Mat in = new Mat(height, width, CV_32FC1, data);
                Mat out = new Mat(); Size size = new Size(k, k)) {
            // The accurate path on every CPU, not whichever approximation the CPU's kernels offer.
            opencv_imgproc.GaussianBlur(in, out, size, sigma, sigma, BORDER_REFLECT_101, ALGO_HINT_ACCURATE);
            return floats(out, src.length);
        }
    }

    private static float[] floats(Mat m, int n) {
        float[] out = new float[n];
        new FloatPointer(m.data()).get(out);
        return out;
    }
}
