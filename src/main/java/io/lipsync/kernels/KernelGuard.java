package io.lipsync.kernels;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Decides how libtorch runs on this machine before a command's first model op: a user's forced choice, else
 * the remembered verdict for this CPU, libtorch version and thread count, else a fresh check (this process
 * first, as it is; then each slower setting in a child process, fastest first) that is then remembered.
 */
public record KernelGuard(VerdictStore store, Map<String, String> env, CpuSignature cpu, String libtorch,
            Supplier<List<String>> probeHere, BiFunction<KernelSetting, Integer, List<String>> probeElsewhere) {
    /** Without the environment: it may hold secrets (the OBS password), and a log line must not show them. */
    @Override
    public String toString() {
        return "KernelGuard[" + cpu + ", libtorch " + libtorch + ", " + store.file() + "]";
    }

    /** Set in a process this guard started under a chosen setting, so that it does not check again. */
    static final String APPLIED_VARIABLE = "LIPSYNC_KERNELS_APPLIED";

    /** What to run, and why. */
    public record Decision(KernelSetting setting, String why, boolean fresh, List<String> failures) {
        /** The one line a user sees, or null where the fastest setting runs and there is nothing to say. */
        public String line() {
            if (setting == KernelSetting.DEFAULT && failures.isEmpty()) {
                return null;
            }
            return "kernels: " + why;
        }

        /** Whether this setting needs variables the running process lacks, so the command must run in a fresh one. */
        public boolean needsFreshProcess(Map<String, String> env) {
            return !setting.inEnvironment(env);
        }
    }

    /** The real checks: in this process, and in child JVMs for the slower settings. */
    public static KernelGuard forThisMachine(VerdictStore store, Map<String, String> env, String libtorch) {
        return new KernelGuard(store, env, CpuSignature.ofThisMachine(), libtorch,
                () -> new KernelProbe(env).failures(), (s, t) -> ProbeProcess.failures(s, t, env));
    }

    public Decision decide(int threads) {
        String forced = env.getOrDefault(KernelSetting.VARIABLE, "auto").trim();
        if (!forced.isEmpty() && !forced.equalsIgnoreCase("auto")) {
            KernelSetting s = KernelSetting.parse(forced);
            return new Decision(s, s.label() + " (forced by " + KernelSetting.VARIABLE + "; no check run)", false, List.of());
        }
        String applied = env.get(APPLIED_VARIABLE);
        if (applied != null) {
            KernelSetting s = KernelSetting.parse(applied);
            return new Decision(s, s.label(), false, List.of());
        }
        var remembered = store.find(cpu.hash(), libtorch, threads);
        if (remembered.isPresent()) {
            KernelVerdict v = remembered.get();
            return decision(v.kernelSetting(), v.failures(), false, v.checkedAt());
        }
        KernelVerdict verdict = check(threads);
        store.save(verdict);
        return decision(verdict.kernelSetting(), verdict.failures(), true, verdict.checkedAt());
    }

    private KernelVerdict check(int threads) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        long start = System.nanoTime();
        List<String> failures = probeHere.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failures.isEmpty()) {
            return new KernelVerdict(cpu.description(), cpu.hash(), libtorch, threads, KernelSetting.DEFAULT.label(),
                    List.of(), now, millis);
        }
        List<String> seen = new ArrayList<>(failures);
        for (KernelSetting candidate : candidates(threads)) {
            List<String> f = probeElsewhere.apply(candidate, threads);
            if (f.isEmpty()) {
                return new KernelVerdict(cpu.description(), cpu.hash(), libtorch, threads, candidate.label(), seen, now, millis);
            }
        }
        seen.add("no setting passed");
        return new KernelVerdict(cpu.description(), cpu.hash(), libtorch, threads, KernelSetting.DEFAULT.label(), seen, now, millis);
    }

    /** The slower settings, fastest first; at one thread those that only drop threads are the default again. */
    private static List<KernelSetting> candidates(int threads) {
        return Arrays.stream(KernelSetting.values())
                .filter(s -> s != KernelSetting.DEFAULT && (threads > 1 || !s.oneThread()))
                .toList();
    }

    private Decision decision(KernelSetting setting, List<String> failures, boolean fresh, String checkedAt) {
        if (failures.isEmpty()) {
            return new Decision(setting, setting.label(), fresh, failures);
        }
        String first = failures.get(0) + (failures.size() > 1 ? " and " + (failures.size() - 1) + " more" : "");
        String when = fresh ? "found just now" : "found " + checkedAt + ", remembered in " + store.file();
        if (failures.contains("no setting passed")) {
            return new Decision(setting, "libtorch computes wrong results on this CPU (" + first + ") and no slower "
                    + "setting fixed it; results may be wrong (" + when + "). Please report your CPU: " + cpu.description(),
                    fresh, failures);
        }
        String how = setting.environment().isEmpty() ? "" : " with " + KernelSetting.shown(setting.environment());
        return new Decision(setting, "libtorch computes wrong results on this CPU (" + cpu.description() + ": " + first
                + "); running " + setting.label() + how + ", " + setting.cost() + " (" + when + "; "
                + KernelSetting.VARIABLE + "=default overrides)", fresh, failures);
    }
}
