package io.lipsync.diffusion;

import ai.djl.ndarray.NDArray;
import io.lipsync.util.UserError;

/**
 * DPM-Solver++ (second order, multistep, midpoint) as diffusers 0.32's DPMSolverMultistepScheduler runs it
 * when built from upstream's DDIM config: epsilon prediction, "linspace" timesteps, a final sigma of zero
 * (so the last step is first order and returns the predicted clean sample), no thresholding. Scalars are
 * float32, in diffusers' order. One instance is one run: it keeps the previous step's prediction.
 */
public final class DpmSolver implements Sampler {
    /** The starting noise's scale: sigmas are of the variance-preserving form, so 1. */
    public static final float INIT_NOISE_SIGMA = 1f;
    private final int[] timesteps;
    /** sqrt((1 - alpha_bar) / alpha_bar) at each timestep, then 0 for the end of the run. */
    private final float[] sigmas;
    private NDArray previousPrediction;

    public DpmSolver(SchedulerConfig config, int steps) {
        if (steps < 1 || steps > config.trainTimesteps()) {
            throw new UserError("steps must be between 1 and " + config.trainTimesteps());
        }
        float[] alphasCumprod = NoiseSchedule.alphasCumprod(config);
        timesteps = linspaceTimesteps(config.trainTimesteps(), steps);
        sigmas = new float[steps + 1];
        for (int i = 0; i < steps; i++) {
            float ac = alphasCumprod[timesteps[i]];
            sigmas[i] = (float) Math.sqrt((1f - ac) / ac);
        }
        sigmas[steps] = 0f;
    }

    /** np.linspace(0, T - 1, N + 1).round()[::-1][:-1]: rounding half to even, as numpy does. */
    static int[] linspaceTimesteps(int trainTimesteps, int steps) {
        double step = (trainTimesteps - 1.0) / steps;
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            int k = steps - i;
            double value = k == steps ? trainTimesteps - 1.0 : k * step;
            out[i] = (int) Math.rint(value);
        }
        return out;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public NDArray step(NDArray modelOutput, int index, NDArray sample) {
        AlphaSigma s0 = AlphaSigma.of(sigmas[index]);
        AlphaSigma t = AlphaSigma.of(sigmas[index + 1]);
        // The model's epsilon turned into a prediction of the clean sample.
        NDArray prediction = sample.sub(modelOutput.mul(s0.sigma())).div(s0.alpha());
        float h = t.lambda() - s0.lambda();
        float decay = t.alpha() * ((float) Math.exp(-h) - 1f);
        NDArray next = sample.mul(t.sigma() / s0.sigma()).sub(prediction.mul(decay));
        boolean last = index == timesteps.length - 1;
        if (previousPrediction != null && !last) {
            // Second order: the slope between this prediction and the previous one, at the midpoint.
            float h0 = s0.lambda() - AlphaSigma.of(sigmas[index - 1]).lambda();
            float r0 = h0 / h;
            NDArray slope = prediction.sub(previousPrediction).mul(1f / r0);
            NDArray corrected = next.sub(slope.mul(0.5f * decay));
            next.close();
            slope.close();
            next = corrected;
        }
        if (previousPrediction != null) {
            previousPrediction.close();
        }
        previousPrediction = prediction;
        return next;
    }

    @Override
    public void close() {
        if (previousPrediction != null) {
            previousPrediction.close();
            previousPrediction = null;
        }
    }

    /** The signal and noise scales of a sigma, and their log ratio lambda. */
    private record AlphaSigma(float alpha, float sigma, float lambda) {
        static AlphaSigma of(float sigma) {
            float alpha = 1f / (float) Math.sqrt(sigma * sigma + 1f);
            float scaled = sigma * alpha;
            return new AlphaSigma(alpha, scaled, (float) Math.log(alpha) - (float) Math.log(scaled));
        }
    }
}
