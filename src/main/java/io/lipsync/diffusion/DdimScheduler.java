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
        alphasCumprod = NoiseSchedule.alphasCumprod(config);
        finalAlphaCumprod = config.setAlphaToOne() ? 1f : alphasCumprod[0];
    }

    /** The cumulative products of (1 - beta) over the training timesteps, as torch computes them. */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** The timesteps of an N-step run, descending. */
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

    /** An N-step run as a {@link Sampler}. */
    public Sampler run(int steps) {
        int[] timesteps = timesteps(steps);
        return new Sampler() {
            @Override
            public int[] timesteps() {
                return timesteps.clone();
            }

            @Override
            public NDArray step(NDArray modelOutput, int index, NDArray sample) {
                return DdimScheduler.this.step(modelOutput, timesteps[index], sample, steps);
            }
        };
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
