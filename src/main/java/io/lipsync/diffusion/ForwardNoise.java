package io.lipsync.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Constants;

/**
 * Training's forward process on a noise schedule: DDPM's add_noise, and the clean estimate a noise prediction
 * implies (upstream's one_step_sampling), each per sample of a (B, C, F, h, w) batch, in float32.
 */
public final class ForwardNoise {
    private final float[] alphasCumprod;

    public ForwardNoise(SchedulerConfig config) {
        this.alphasCumprod = NoiseSchedule.alphasCumprod(config);
    }

    /** sqrt(ac[t]) x + sqrt(1 - ac[t]) noise */
    public NDArray add(NDArray x, NDArray noise, float[] timesteps) {
        NDManager m = x.getManager();
        return perSample(m, timesteps, false).mul(x).add(perSample(m, timesteps, true).mul(noise));
    }

    /** (x_t - sqrt(1 - ac[t]) eps) / sqrt(ac[t]) */
    public NDArray cleanEstimate(NDArray predNoise, NDArray noisy, float[] timesteps) {
        NDManager m = noisy.getManager();
        return noisy.sub(perSample(m, timesteps, true).mul(predNoise)).div(perSample(m, timesteps, false));
    }

    /** sqrt(ac[t]) or sqrt(1 - ac[t]) for each sample, shaped (B, 1, 1, 1, 1), in memory libtorch owns. */
    private NDArray perSample(NDManager m, float[] timesteps, boolean oneMinus) {
        float[] v = new float[timesteps.length];
        for (int i = 0; i < v.length; i++) {
            float ac = alphasCumprod[(int) timesteps[i]];
            v[i] = (float) Math.sqrt(oneMinus ? 1f - ac : ac);
        }
        return Constants.of(m, v, new Shape(v.length, 1, 1, 1, 1));
    }
}
