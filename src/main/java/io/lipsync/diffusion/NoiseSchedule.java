package io.lipsync.diffusion;

import io.lipsync.util.UserError;

/** The training noise schedule both samplers share, built in float32 as torch builds it (bit for bit). */
final class NoiseSchedule {
    private NoiseSchedule() {}

    /** The cumulative products of (1 - beta) over the training timesteps. */
    static float[] alphasCumprod(SchedulerConfig config) {
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
        float[] alphasCumprod = new float[n];
        float product = 1f;
        for (int i = 0; i < n; i++) {
            product *= 1f - betas[i];
            alphasCumprod[i] = product;
        }
        return alphasCumprod;
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
}
