package io.lipsync.eval;

import java.util.Arrays;

/**
 * SyncNet-v2's offset and confidence for one face track (syncnet_python's evaluate, as upstream's eval and
 * data filter use it): for every video window i, the distance to the audio windows i-15 … i+15 (zero rows
 * past the ends count); the offset minimising the mean distance; LSE-D is that minimum, LSE-C the median of
 * the mean distances minus it.
 */
public record SyncOffset(double[][] dists, double[] meanDists, int minIdx) {

    public static final int VSHIFT = 15;

    /** video and audio embeddings, one row per window (N x D each). */
    public static SyncOffset of(float[][] video, float[][] audio) {
        int n = video.length;
        int shifts = 2 * VSHIFT + 1;
        double[][] dists = new double[n][shifts];
        double[] mean = new double[shifts];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < shifts; j++) {
                int a = i + j - VSHIFT;
                double sum = 0;
                for (int d = 0; d < video[i].length; d++) {
                    // torch's pairwise_distance adds eps 1e-6 to every element of the difference.
                    double diff = video[i][d] - (a >= 0 && a < audio.length ? audio[a][d] : 0) + 1e-6;
                    sum += diff * diff;
                }
                dists[i][j] = Math.sqrt(sum);
                mean[j] += dists[i][j] / n;
            }
        }
        int minIdx = 0;
        for (int j = 1; j < shifts; j++) {
            if (mean[j] < mean[minIdx]) {
                minIdx = j;
            }
        }
        return new SyncOffset(dists, mean, minIdx);
    }

    /** LSE-D: the least mean distance. */
    public double minDist() {
        return meanDists[minIdx];
    }

    /** syncnet_python's AV offset, in video frames (0 when audio and video are in sync). */
    public int avOffset() {
        return VSHIFT - minIdx;
    }

    /** LSE-C: the median of the mean distances minus the least. */
    public double conf() {
        return median(meanDists) - minDist();
    }

    /** Each window's distance at the chosen offset. */
    public double[] fdist() {
        double[] fdist = new double[dists.length];
        for (int i = 0; i < dists.length; i++) {
            fdist[i] = dists[i][minIdx];
        }
        return fdist;
    }

    /** Each window's confidence at the chosen offset. */
    public double[] fconf() {
        double median = median(meanDists);
        return Arrays.stream(fdist()).map(d -> median - d).toArray();
    }

    /** {@link #fconf} median-filtered over 9 windows, as syncnet_python smooths it. */
    public double[] framewiseConf() {
        return medfilt(fconf(), 9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** scipy.signal.medfilt: the median of each odd-sized neighbourhood, zero-padded at both ends. */
    public static double[] medfilt(double[] x, int size) {
        double[] out = new double[x.length];
        double[] window = new double[size];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < size; k++) {
                int at = i + k - size / 2;
                window[k] = at >= 0 && at < x.length ? x[at] : 0;
            }
            out[i] = median(window);
        }
        return out;
    }
}
