package io.lipsync.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.util.Padding;

/**
 * Whisper's log-mel front end for 16 kHz audio: centred STFT (reflect padding, periodic Hann window,
 * n_fft 400, hop 160) with the last frame dropped, power spectrum, mel bank, log10 floored at 1e-10,
 * clamped to (global max - 8), then (x + 4) / 4.
 */
public final class LogMelSpectrogram {
    public static final int SAMPLE_RATE = 16_000;
    public static final int N_FFT = 400;
    public static final int HOP = 160;

    private final int nMels;
    private final float[][] filters;

    public LogMelSpectrogram(int nMels) {
        this.nMels = nMels;
        this.filters = MelFilterBank.create(SAMPLE_RATE, N_FFT, nMels);
    }

    /** samples at 16 kHz -> (nMels, samples / 160) */
    public NDArray compute(NDManager manager, float[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("the audio has no samples");
        }
        int frames = samples.length / HOP;
        if (frames == 0) {
            return manager.zeros(new Shape(nMels, 0));
        }
        int bins = N_FFT / 2 + 1;
        float[] windowed = new float[frames * N_FFT];
        double[] window = Stft.hann(N_FFT);
        int half = N_FFT / 2;
        for (int f = 0; f < frames; f++) {
            int start = f * HOP - half;
            for (int n = 0; n < N_FFT; n++) {
                windowed[f * N_FFT + n] = (float) (samples[Padding.reflect(start + n, samples.length)] * window[n]);
            }
        }
        float[] flatFilters = MelFilterBank.flat(filters);
        try (NDManager scope = manager.newSubManager()) {
            NDArray power = Stft.power(scope, windowed, frames, N_FFT);
            NDArray mel = scope.create(flatFilters, new Shape(nMels, bins)).matMul(power.transpose());
            NDArray log = mel.maximum(1e-10f).log10();
            float floor = log.max().getFloat() - 8f;
            NDArray out = log.maximum(floor).add(4f).div(4f);
            out.attach(manager);
            return out;
        }
    }
}
