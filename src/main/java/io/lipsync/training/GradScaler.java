package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * torch.amp.GradScaler for fp16 training: the loss is scaled before backward; the gradients are unscaled
 * before clipping; a step with an inf or NaN gradient is skipped and the scale halved; after 2000 clean
 * steps in a row the scale doubles. In fp32 the scaling is exact, so it changes nothing but overflow.
 */
public final class GradScaler {
    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private double scale;
    private int cleanSteps;

    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval) {
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** torch's defaults: 65536, x2 after 2000 clean steps, x0.5 on overflow. */
    public static GradScaler defaults() {
        return new GradScaler(65536, 2, 0.5, 2000);
    }

    public float scale() {
        return (float) scale;
    }

    /** Clean steps since the scale last changed (part of the state a resume restores). */
    public int cleanSteps() {
        return cleanSteps;
    }

    /** Continues from a saved scale and clean-step count. */
    public void restore(double savedScale, int savedCleanSteps) {
        scale = savedScale;
        cleanSteps = savedCleanSteps;
    }

    /**
     * Multiplies the gradients by fp32(1/scale) in place (torch multiplies even when they overflowed);
     * returns whether any element is inf or NaN.
     */
    public boolean unscale(List<NDArray> grads) {
        float inverse = (float) (1.0 / scale);
        boolean foundInf = false;
        for (NDArray g : grads) {
            g.muli(inverse);
            if (!foundInf) {
                try (NDScope scope = new NDScope()) {
                    foundInf = !g.isInfinite().logicalOr(g.isNaN()).none().getBoolean();
                }
            }
        }
        return foundInf;
    }

    /** Runs {@code step} unless the gradients overflowed, then adjusts the scale; returns whether it ran. */
    public boolean step(boolean foundInf, Runnable step) {
        if (!foundInf) {
            step.run();
        }
        if (foundInf) {
            scale *= backoffFactor;
            cleanSteps = 0;
        } else if (++cleanSteps == growthInterval) {
            scale *= growthFactor;
            cleanSteps = 0;
        }
        return !foundInf;
    }
}
