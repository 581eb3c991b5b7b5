package io.lipsync.latentsync;

import io.lipsync.diffusion.SamplerKind;
import io.lipsync.util.UserError;

/**
 * Sampling settings. Upstream's scripts use DDIM, 20 steps, guidance 1.5 and DeepCache (interval 3);
 * guidance 1.0 disables classifier-free guidance.
 */
public record DenoiseOptions(int steps, float guidance, boolean deepCache, int cacheInterval, SamplerKind sampler) {
    public static final int DEFAULT_STEPS = 20;
    public static final float DEFAULT_GUIDANCE = 1.5f;
    public static final int DEFAULT_CACHE_INTERVAL = 3;
    /** The schedule has 1000 training timesteps; no sampler can take more steps than that. */
    public static final int MAX_STEPS = 1000;
    /** Far past any useful scale (upstream's scripts use 1.0 to 3.0); larger ones only blow the latents up. */
    public static final float MAX_GUIDANCE = 20f;

    public DenoiseOptions {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new UserError("--steps must be between 1 and " + MAX_STEPS + ", not " + steps);
        }
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(guidance >= 1f && guidance <= MAX_GUIDANCE)) {
            throw new UserError("--guidance must be a number from 1.0 (off) to " + MAX_GUIDANCE
                    + ", not " + guidance);
        }
        if (cacheInterval < 1) {
            throw new UserError("the DeepCache interval must be at least 1");
        }
        // Jobs journalled before there was a choice name none: they ran DDIM.
        sampler = sampler == null ? SamplerKind.DDIM : sampler;
    }

    /** Upstream's sampler, DDIM. */
    public DenoiseOptions(int steps, float guidance, boolean deepCache, int cacheInterval) {
        this(steps, guidance, deepCache, cacheInterval, SamplerKind.DDIM);
    }

    public static DenoiseOptions defaults() {
        return new DenoiseOptions(DEFAULT_STEPS, DEFAULT_GUIDANCE, true, DEFAULT_CACHE_INTERVAL);
    }

    public boolean guided() {
        return guidance > 1f;
    }

    /** For logs: {@code dpm-solver++, 10 steps, guidance off, DeepCache}. */
    public String describe() {
        return sampler.label() + ", " + steps + " steps, " + (guided() ? "guidance " + guidance : "guidance off")
                + (deepCache ? ", DeepCache" : "");
    }
}
