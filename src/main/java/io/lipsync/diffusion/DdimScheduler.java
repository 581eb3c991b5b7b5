package io.lipsync.diffusion;

import io.lipsync.util.UserError;
import ai.djl.ndarray.NDArray;

/**
 * Deterministic DDIM (eta 0, epsilon prediction, "leading" timestep spacing) as diffusers 0.32 computes it;
 * the noise schedule is built in float32 like torch's, so the alphas match bit for bit.
 */
public final class DdimScheduler {
    private final SchedulerConfig config;
    private final float[] alphasCumprod;
    private final float finalAlphaCumprod;

    public DdimScheduler(SchedulerConfig config) {
        if (config.clipSample()) {
            throw new UserError("clip_sample is not supported (LatentSync sets it to false)");
        }
        this.config = config;
        int n = config.trainTimesteps();
        float[] betas = switch (config.betaSchedule()) {
            case "scaled_linear" -> {
                float[] roots = linspace((float) Math.sqrt(config.betaStart()), (float) Math.sqrt(config.betaEnd()), n);
                for (int i = 0; i < n; i++) {
                    roots[i] = roots[i] * roots[i];
                }
                yield roots;
            }
            case "linear" -> linspace(config.betaStart(), config.betaEnd(), n);
            default -> throw new UserError("unsupported beta_schedule " + config.betaSchedule());
        };
        alphasCumprod = new float[n];
        float product = 1f;
        for (int i = 0; i < n; i++) {
            product *= 1f - betas[i];
            alphasCumprod[i] = product;
        }
        finalAlphaCumprod = config.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    /** torch.linspace in float32: the first half counts up from start, the second down from end. */
    private static float[] linspace(float start, float end, int steps) {
        float[] out = new float[steps];
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        for (int i = 0; i < steps; i++) {
            out[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
        }
        return out;
    }

    /** The timesteps of an N-step run, descending. */
    /** The cumulative products of (1 - beta) over the training timesteps, as torch computes them. */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public int[] timesteps(int steps) {
        if (steps < 1 || steps > config.trainTimesteps()) {
            throw new UserError("steps must be between 1 and " + config.trainTimesteps());
        }
        int ratio = config.trainTimesteps() / steps;
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = (steps - 1 - i) * ratio + config.stepsOffset();
        }
        return out;
    }

    /** One deterministic DDIM update from timestep t of an N-step run: x_t -> x_{t - 1000/N}. */
    public NDArray step(NDArray modelOutput, int t, NDArray sample, int steps) {
        int prev = t - config.trainTimesteps() / steps;
        float alpha = alphasCumprod[t];
        float alphaPrev = prev >= 0 ? alphasCumprod[prev] : finalAlphaCumprod;
        float beta = 1f - alpha;
        NDArray predOriginal = sample.sub(modelOutput.mul((float) Math.sqrt(beta))).div((float) Math.sqrt(alpha));
        NDArray direction = modelOutput.mul((float) Math.sqrt(1f - alphaPrev));
        return predOriginal.mul((float) Math.sqrt(alphaPrev)).add(direction);
    }
}
