package io.lipsync.cli;

import io.lipsync.diffusion.SamplerKind;
import io.lipsync.latentsync.DenoiseOptions;
import picocli.CommandLine.Option;

/** How each chunk is sampled: shared by render and daemon. */
final class SamplingOptions {
    @Option(names = "--steps", defaultValue = "20", description = "sampling steps. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--sampler", defaultValue = "ddim", paramLabel = "ddim|dpm-solver++",
            description = "ddim (upstream's) or dpm-solver++ (2nd order: about as good in half the steps, e.g. "
                    + "--steps 10). Default: ${DEFAULT-VALUE}")
    String sampler;

    @Option(names = "--guidance", defaultValue = "1.5",
            description = "audio guidance scale; 1.0 turns guidance off. Default: ${DEFAULT-VALUE}")
    float guidance;

    @Option(names = "--seed", defaultValue = "1247", description = "seed of every random draw. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--no-deepcache", description = "run the full U-Net at every step (slower, upstream without "
            + "--enable_deepcache)")
    boolean noDeepCache;

    DenoiseOptions denoise() {
        return new DenoiseOptions(steps, guidance, !noDeepCache, DenoiseOptions.DEFAULT_CACHE_INTERVAL,
                SamplerKind.parse(sampler));
    }
}
