package io.lipsync.diffusion;

import io.lipsync.util.UserError;

/** The training noise schedule both samplers share, built as torch builds it on the CPU. */
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
        // torch.cumprod on the CPU keeps its running product of float32 values in double and rounds each
        // entry: a float product drifts enough to move a 20-step DPM-Solver++ run past the goldens.
        float[] alphasCumprod = new float[n];
        double product = 1.0;
        for (int i = 0; i < n; i++) {
            product *= 1f - betas[i];
            alphasCumprod[i] = (float) product;
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
