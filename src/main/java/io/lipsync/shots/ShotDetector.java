package io.lipsync.shots;

import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Shot boundaries as upstream's step 3 finds them: PySceneDetect 0.6.1's AdaptiveDetector with the CLI
 * defaults detect_shot.py runs it with. Each frame (downscaled by width / 256) is scored by its mean
 * absolute change of hue, saturation and value from the frame before; a cut is a frame whose score is at
 * least {@code minContentVal} and {@code adaptiveThreshold} times the mean of its {@code windowWidth}
 * neighbours on each side, and at least {@code minSceneLen} frames after the last cut. A slow pan scores
 * high on every frame and is never cut; a hard cut or a fade through black stands out from its neighbours.
 */
public final class ShotDetector {
    /**
     * How cuts are chosen. Adaptive (detect-adaptive): a score {@code adaptiveThreshold} times its neighbours'
     * and at least {@code minContentVal}. Not adaptive (ContentDetector): a score of at least
     * {@code minContentVal}, and the first cut no earlier than {@code minSceneLen}.
     */
    public record Settings(boolean adaptive, double adaptiveThreshold, int windowWidth, double minContentVal,
            int minSceneLen) {
        /** detect-adaptive's parameters as upstream's data pipeline runs it. */
        public static Settings upstream() {
            return new Settings(true, 2.0, 2, 15.0, 15);
        }

        /** ContentDetector's defaults, as upstream's SyncNet evaluation splits a video before tracking faces. */
        public static Settings contentDetector() {
            return new Settings(false, 0, 0, 27.0, 15);
        }
    }

    /**
     * Per frame: the score (NaN for frame 0), the (hue, sat, lum) deltas, the adaptive ratio (NaN where it
     * is not defined: the first and last {@code windowWidth} frames); the cut frames; the shots as
     * [start, end) with the last ending at the last frame's index, as PySceneDetect 0.6.1 reports them.
     */
    public record Shots(double[] contentVal, double[][] deltaHsv, double[] adaptiveRatio, List<Integer> cuts,
            List<int[]> scenes) {}

    private final Settings settings;
    private final List<double[]> deltas = new ArrayList<>();
    private Mat previous;

    public ShotDetector(Settings settings) {
        this.settings = settings;
    }

    /** Feeds the next frame of the video (RGB at its own size). */
    public void accept(Rgb frame) {
        Mat hsv = hsv(frame);
        deltas.add(previous == null ? null : delta(previous, hsv));
        if (previous != null) {
            previous.close();
        }
        previous = hsv;
    }

    /** The scores and shots of every frame fed so far. */
    public Shots finish() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
        int n = deltas.size();
        double[] content = new double[n];
        double[][] hsv = new double[n][];
        for (int f = 0; f < n; f++) {
            double[] d = deltas.get(f);
            hsv[f] = d == null ? new double[] {Double.NaN, Double.NaN, Double.NaN} : d;
            content[f] = d == null ? Double.NaN : (d[0] + d[1] + d[2]) / 3.0;
        }
        return shots(content, hsv, settings);
    }

    /** The adaptive ratios, cuts and shots from per-frame scores. */
    public static Shots shots(double[] content, double[][] hsv, Settings s) {
        return s.adaptive() ? adaptive(content, hsv, s) : thresholded(content, hsv, s);
    }

    private static Shots adaptive(double[] content, double[][] hsv, Settings s) {
        int n = content.length;
        int w = s.windowWidth();
        double[] ratio = new double[n];
        List<Integer> cuts = new ArrayList<>();
        int lastCut = -1;
        for (int f = 0; f < n; f++) {
            if (f < w || f > n - 1 - w) {
                ratio[f] = Double.NaN;
                continue;
            }
            double sum = 0;
            for (int k = f - w; k <= f + w; k++) {
                if (k != f) {
                    sum += Double.isNaN(content[k]) ? 0.0 : content[k];
                }
            }
            double avg = sum / (2 * w);
            double score = content[f];
            ratio[f] = Math.abs(avg) >= 1e-5 ? Math.min(score / avg, 255.0) : score >= s.minContentVal() ? 255.0 : 0.0;
            if (ratio[f] >= s.adaptiveThreshold() && score >= s.minContentVal()
                    && (lastCut < 0 || f - lastCut >= s.minSceneLen())) {
                cuts.add(f);
                lastCut = f;
            }
        }
        return withScenes(content, hsv, ratio, cuts);
    }

    private static Shots thresholded(double[] content, double[][] hsv, Settings s) {
        double[] ratio = new double[content.length];
        java.util.Arrays.fill(ratio, Double.NaN);
        List<Integer> cuts = new ArrayList<>();
        // ContentDetector counts its minimum scene length from the first frame as well.
        int lastCut = 0;
        for (int f = 1; f < content.length; f++) {
            if (content[f] >= s.minContentVal() && f - lastCut >= s.minSceneLen()) {
                cuts.add(f);
                lastCut = f;
            }
        }
        return withScenes(content, hsv, ratio, cuts);
    }

    private static Shots withScenes(double[] content, double[][] hsv, double[] ratio, List<Integer> cuts) {
        int n = content.length;
        List<int[]> scenes = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            scenes.add(new int[] {start, cut});
            start = cut;
        }
        // PySceneDetect 0.6.1 ends the last scene at the index of the frame it read last.
        scenes.add(new int[] {start, Math.max(start, n - 1)});
        return new Shots(content, hsv, ratio, List.copyOf(cuts), List.copyOf(scenes));
    }

    /** The score of {@code frame} after {@code previous}: the mean of its hue, saturation and value deltas. */
    public static double score(Rgb previous, Rgb frame) {
        try (Mat a = hsv(previous); Mat b = hsv(frame)) {
            double[] d = delta(a, b);
            return (d[0] + d[1] + d[2]) / 3.0;
        }
    }

    /** PySceneDetect's downscale (factor width / 256, OpenCV's bilinear resize) and OpenCV's 8-bit HSV. */
    static Mat hsv(Rgb frame) {
        int factor = Math.max(1, frame.width() / 256);
        Rgb small = frame;
        if (factor > 1) {
            int w = (int) Math.rint(frame.width() / (double) factor);
            int h = (int) Math.rint(frame.height() / (double) factor);
            small = new Rgb(w, h, Resize.linear(frame.pixels(), frame.width(), frame.height(), w, h));
        }
        try (Mat rgb = new Mat(small.height(), small.width(), org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
            rgb.data().put(small.pixels());
            Mat out = new Mat();
            opencv_imgproc.cvtColor(rgb, out, opencv_imgproc.COLOR_RGB2HSV);
            return out;
        }
    }

    /** Mean absolute difference per HSV channel. */
    static double[] delta(Mat a, Mat b) {
        int count = a.rows() * a.cols();
        byte[] x = new byte[count * 3];
        byte[] y = new byte[count * 3];
        a.data().get(x);
        b.data().get(y);
        long[] sums = new long[3];
        for (int i = 0; i < x.length; i++) {
            sums[i % 3] += Math.abs((x[i] & 0xff) - (y[i] & 0xff));
        }
        return new double[] {sums[0] / (double) count, sums[1] / (double) count, sums[2] / (double) count};
    }
}
