package io.lipsync.audio;

/**
 * The Slaney-style mel filter bank that Whisper ships (librosa's default: Slaney mel scale, area
 * normalisation), computed here in double precision and rounded to float32 as the shipped table is.
 */
public final class MelFilterBank {
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private MelFilterBank() {}

    /** (nMels, nFft/2 + 1) weights, row-major, over 0 Hz to Nyquist (Whisper's bank). */
    public static float[][] create(int sampleRate, int nFft, int nMels) {
        return create(sampleRate, nFft, nMels, 0, sampleRate / 2.0);
    }

    /** As librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax) with its defaults (Slaney scale and norm). */
    public static float[][] create(int sampleRate, int nFft, int nMels, double fmin, double fmax) {
        int bins = nFft / 2 + 1;
        double minMel = hzToMel(fmin);
        double step = (hzToMel(fmax) - minMel) / (nMels + 1);
        double[] melHz = new double[nMels + 2];
        for (int i = 0; i < melHz.length; i++) {
            melHz[i] = melToHz(minMel + step * i);
        }
        float[][] weights = new float[nMels][bins];
        for (int m = 0; m < nMels; m++) {
            double lowerWidth = melHz[m + 1] - melHz[m];
            double upperWidth = melHz[m + 2] - melHz[m + 1];
            double norm = 2.0 / (melHz[m + 2] - melHz[m]);
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / nFft;
                double rising = (f - melHz[m]) / lowerWidth;
                double falling = (melHz[m + 2] - f) / upperWidth;
                weights[m][k] = (float) (Math.max(0, Math.min(rising, falling)) * norm);
            }
        }
        return weights;
    }

    /** The weights row-major in one array, as a (nMels, bins) tensor takes them. */
    public static float[] flat(float[][] weights) {
        int bins = weights[0].length;
        float[] out = new float[weights.length * bins];
        for (int m = 0; m < weights.length; m++) {
            System.arraycopy(weights[m], 0, out, m * bins, bins);
        }
        return out;
    }

    static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
