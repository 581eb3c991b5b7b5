package io.lipsync.latentsync;

import io.lipsync.diffusion.SamplerKind;
import io.lipsync.util.UserError;
import java.util.Arrays;
import java.util.Locale;

/**
 * One name for each set of render settings. Standard is upstream's defaults; Draft trades quality for
 * speed the ways LatentSync's users report (a second-order sampler in half the steps, guidance off, which
 * halves the U-Net's batch); Final asks for the 512 px model.
 */
public enum Preset {
    DRAFT("draft", new DenoiseOptions(10, 1.0f, true, DenoiseOptions.DEFAULT_CACHE_INTERVAL, SamplerKind.DPM_SOLVER),
            null),
    STANDARD("standard", DenoiseOptions.defaults(), null),
    FINAL("final", DenoiseOptions.defaults(), "1.6");

    private final String label;
    private final DenoiseOptions sampling;
    private final String model;

    Preset(String label, DenoiseOptions sampling, String model) {
        this.label = label;
        this.sampling = sampling;
        this.model = model;
    }

    public String label() {
        return label;
    }

    /** The sampling settings, before any option given by hand. */
    public DenoiseOptions sampling() {
        return sampling;
    }

    /** The LatentSync version it asks for, or null for the usual choice (the downloaded one). */
    public String model() {
        return model;
    }

    public static Preset parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Preset p : values()) {
            if (p.label.equals(n)) {
                return p;
            }
        }
        throw new UserError("--preset must be one of " + Arrays.stream(values()).map(Preset::label).toList()
                + ", not '" + name + "'");
    }
}
