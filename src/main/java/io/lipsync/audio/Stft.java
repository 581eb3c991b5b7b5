package io.lipsync.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A short-time Fourier transform as one matrix product: windowed frames times a cos/sin basis. */
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

    /** windowed (frames x nFft, row-major) -> |X|^2, (frames, nFft/2 + 1) */
    static NDArray power(NDManager m, float[] windowed, int frames, int nFft) {
        int bins = nFft / 2 + 1;
        float[] basis = new float[nFft * 2 * bins];
        for (int n = 0; n < nFft; n++) {
            for (int k = 0; k < bins; k++) {
                double angle = 2 * Math.PI * ((long) n * k % nFft) / nFft;
                basis[n * 2 * bins + k] = (float) Math.cos(angle);
                basis[n * 2 * bins + bins + k] = (float) -Math.sin(angle);
            }
        }
        NDArray spectrum = m.create(windowed, new Shape(frames, nFft)).matMul(m.create(basis, new Shape(nFft, 2L * bins)));
        NDArray re = spectrum.get(":, :" + bins);
        NDArray im = spectrum.get(":, " + bins + ":");
        return re.square().add(im.square());
    }
}
