package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * torch.nn.utils.clip_grad_norm_: the global L2 norm over every gradient (each tensor's norm, then the
 * norm of those), and every gradient multiplied by min(1, max/(norm + 1e-6)), even when that is 1.
 * DJL's own clipping clamps elements instead.
 */
public final class GradClipping {
    private GradClipping() {}

    /** Clips {@code grads} in place; returns the total norm before clipping (inf or NaN passes through). */
    public static float clipGradNorm(List<NDArray> grads, double maxNorm) {
        double sumOfSquares = 0;
        for (NDArray g : grads) {
            try (NDArray n = g.norm()) {
                float norm = n.getFloat();
                sumOfSquares += (double) norm * norm;
            }
        }
        float total = (float) Math.sqrt((float) sumOfSquares);
        float coef = Math.min(1f, (float) maxNorm / (total + 1e-6f));
        for (NDArray g : grads) {
            g.muli(coef);
        }
        return total;
    }
}
