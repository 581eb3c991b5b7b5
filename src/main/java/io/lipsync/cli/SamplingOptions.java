package io.lipsync.cli;

import io.lipsync.diffusion.SamplerKind;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.Preset;
import picocli.CommandLine.Option;

/** How each chunk is sampled: a preset, and any of its settings given by hand. Shared by render and daemon. */
final class SamplingOptions {
    @Option(names = "--preset", defaultValue = "standard", paramLabel = "draft|standard|final",
            description = "settings by name. draft: dpm-solver++, 10 steps, guidance off, DeepCache (fastest); "
                    + "standard: upstream's defaults (ddim, 20 steps, guidance 1.5, DeepCache); final: standard on the "
                    + "1.6 model (512 px). The options below override single settings. Default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "sampling steps. Default: the preset's (standard: 20)")
    Integer steps;

    @Option(names = "--sampler", paramLabel = "ddim|dpm-solver++",
            description = "ddim (upstream's) or dpm-solver++ (2nd order: about as good in half the steps, e.g. "
                    + "--steps 10). Default: the preset's (standard: ddim)")
    String sampler;

    @Option(names = "--guidance", paramLabel = "SCALE",
            description = "audio guidance scale; 1.0 turns guidance off (half the U-Net work). Default: the preset's "
                    + "(standard: 1.5)")
    Float guidance;

    @Option(names = "--seed", defaultValue = "1247", description = "seed of every random draw. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--no-deepcache", description = "run the full U-Net at every step (slower, upstream without "
            + "--enable_deepcache)")
    boolean noDeepCache;

    Preset preset() {
        return Preset.parse(preset);
    }

    /** What a render will do, said before the models load: {@code sampling: ddim, 20 steps, ... (preset standard)}. */
    String line() {
        return "sampling: " + denoise().describe() + " (preset " + preset().label()
                + (preset().model() != null ? ", model " + preset().model() : "") + ")";
    }

    DenoiseOptions denoise() {
        DenoiseOptions base = preset().sampling();
        return new DenoiseOptions(steps != null ? steps : base.steps(), guidance != null ? guidance : base.guidance(),
                base.deepCache() && !noDeepCache, base.cacheInterval(),
                sampler != null ? SamplerKind.parse(sampler) : base.sampler());
    }
}
