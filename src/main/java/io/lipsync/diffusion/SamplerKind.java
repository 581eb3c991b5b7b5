package io.lipsync.diffusion;

import io.lipsync.util.UserError;
import java.util.Arrays;
import java.util.Locale;

/** The samplers a render can use, by the name the CLI and the daemon take. */
public enum SamplerKind {
    /** Upstream's sampler: deterministic DDIM. */
    DDIM("ddim"),
    /** DPM-Solver++ (2nd order, multistep): about as good in half the steps. */
    DPM_SOLVER("dpm-solver++");

    private final String label;

    SamplerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** A fresh run of {@code steps} steps on upstream's noise schedule. */
    public Sampler start(SchedulerConfig config, int steps) {
        return switch (this) {
            case DDIM -> new DdimScheduler(config).run(steps);
            case DPM_SOLVER -> new DpmSolver(config, steps);
        };
    }

    public static SamplerKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (SamplerKind k : values()) {
            if (k.label.equals(n) || (k == DPM_SOLVER && (n.equals("dpm") || n.equals("dpmsolver++")))) {
                return k;
            }
        }
        throw new UserError("--sampler must be one of "
                + Arrays.stream(values()).map(SamplerKind::label).toList() + ", not '" + name + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
