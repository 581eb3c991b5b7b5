package io.lipsync.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The mel front end SyncNet and the training datasets use (upstream's latentsync/utils/audio.py with
 * configs/audio.yaml, Wav2Lip's): pre-emphasis 0.97, centred STFT with zero padding (n_fft 800, hop 200,
 * periodic Hann), magnitude, 80 Slaney mel bands from 55 to 7600 Hz, 20·log10 floored at 1e-5 minus 20 dB,
 * scaled from [-100, 0] dB to [-4, 4] and clipped. 80 mel frames per second of 16 kHz audio.
 */
public final class SyncNetMel {
    private SyncNetMel() {}

    public static final int N_FFT = 800;
    public static final int HOP = 200;
    public static final int MELS = 80;
    private static final double PREEMPHASIS = 0.97;

    private static final float[][] BASIS = MelFilterBank.create(LogMelSpectrogram.SAMPLE_RATE, N_FFT, MELS, 55, 7600);
    private static final float[] FLAT_BASIS = MelFilterBank.flat(BASIS);

    /** y[0] = x[0], y[i] = x[i] - 0.97·x[i-1], in double as scipy's lfilter computes it. */
    public static double[] preemphasis(float[] samples) {
        double[] y = new double[samples.length];
        for (int i = 0; i < samples.length; i++) {
            y[i] = samples[i] - (i > 0 ? PREEMPHASIS * samples[i - 1] : 0);
        }
        return y;
    }

    /** The (80, 401) mel weights. */
    public static float[][] basis() {
        return BASIS;
    }

    /** |STFT| of the pre-emphasised signal: (401, 1 + n/200), frames centred with 400 zeros each side. */
    public static NDArray magnitude(NDManager m, double[] emphasised) {
        int frames = 1 + emphasised.length / HOP;
        double[] window = Stft.hann(N_FFT);
        float[] windowed = new float[frames * N_FFT];
        for (int t = 0; t < frames; t++) {
            int start = t * HOP - N_FFT / 2;
            for (int k = 0; k < N_FFT; k++) {
                int j = start + k;
                windowed[t * N_FFT + k] = j < 0 || j >= emphasised.length ? 0f : (float) (emphasised[j] * window[k]);
            }
        }
        return Stft.power(m, windowed, frames, N_FFT).sqrt().transpose();
    }

    /** 16 kHz samples -> (80, 1 + n/200) in [-4, 4] */
    public static NDArray compute(NDManager m, float[] samples) {
        try (NDManager scope = m.newSubManager()) {
            NDArray magnitude = magnitude(scope, preemphasis(samples));
            NDArray mel = scope.create(FLAT_BASIS, new Shape(MELS, BASIS[0].length)).matMul(magnitude);
            NDArray db = mel.maximum(1e-5f).log10().mul(20f).sub(20f);
            NDArray out = db.add(100f).div(100f).mul(8f).sub(4f).clip(-4f, 4f);
            out.attach(m);
            return out;
        }
    }

    /**
     * The mel window of video frame {@code start} (upstream's crop_audio_window): columns from
     * int(80·start/fps), {@code length} wide, shorter at the end (a dataset skips those).
     */
    public static int[] window(int start, int fps, int length, int melFrames) {
        int from = (int) (80.0 * (start / (double) fps));
        int to = Math.min(melFrames, from + length);
        return new int[] {from, Math.max(from, to)};
    }

    /** ceil(frames / 5 · 16): 52 mel columns for 16 video frames. */
    public static int windowLength(int videoFrames) {
        return (int) Math.ceil(videoFrames / 5.0 * 16);
    }
}
