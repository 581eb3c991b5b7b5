package io.lipsync.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The short-time Fourier transform's pieces the front ends share: the window, and the power of windowed frames. */
final class Stft {
    private Stft() {}

    /** The periodic Hann window, as torch.hann_window and librosa's get_window('hann', n) give it. */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
        }
        return w;
    }

    /** windowed (frames x nFft, row-major) -> |X|^2, (frames, nFft/2 + 1): libtorch's real FFT of each frame */
    static NDArray power(NDManager m, float[] windowed, int frames, int nFft) {
        NDArray spectrum = m.create(windowed, new Shape(frames, nFft)).rfft(nFft, -1).real();
        return spectrum.square().sum(new int[] {-1});
    }
}
