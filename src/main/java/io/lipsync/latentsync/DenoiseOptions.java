package io.lipsync.latentsync;

/**
 * Sampling settings. Upstream's scripts use 20 steps, guidance 1.5 and DeepCache (interval 3);
 * guidance 1.0 disables classifier-free guidance.
 */
public record DenoiseOptions(int steps, float guidance, boolean deepCache, int cacheInterval) {
    public static final int DEFAULT_STEPS = 20;
    public static final float DEFAULT_GUIDANCE = 1.5f;
    public static final int DEFAULT_CACHE_INTERVAL = 3;

    public DenoiseOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1");
        }
        if (guidance < 1f) {
            throw new IllegalArgumentException("--guidance must be 1.0 (off) or more");
        }
    }

    public static DenoiseOptions defaults() {
        return new DenoiseOptions(DEFAULT_STEPS, DEFAULT_GUIDANCE, true, DEFAULT_CACHE_INTERVAL);
    }

    public boolean guided() {
        return guidance > 1f;
    }
}
