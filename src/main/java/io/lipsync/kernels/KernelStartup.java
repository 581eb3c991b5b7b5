package io.lipsync.kernels;

import ai.djl.engine.Engine;
import io.lipsync.util.Folders;
import io.lipsync.util.Relaunch;
import io.lipsync.util.Threads;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the guard for a command about to use the networks, and applies its decision: fewer threads in this
 * process, or the whole command again in a fresh JVM whose environment carries the setting.
 */
public final class KernelStartup {
    /** Where verdicts are remembered. */
    public static final String FILE = "kernel-check.json";

    private KernelStartup() {}

    public static VerdictStore store() {
        return new VerdictStore(Folders.cache().resolve(FILE));
    }

    public static String libtorchVersion() {
        return Engine.getEngine("PyTorch").getVersion();
    }

    /**
     * Decides and applies. Returns the exit code when the command ran in a fresh process, empty when it is
     * to run here.
     */
    public static Optional<Integer> prepare(int threads, String mainClass, String[] args) {
        Map<String, String> env = System.getenv();
        Threads.configure(threads);
        KernelGuard.Decision d = KernelGuard.forThisMachine(store(), env, libtorchVersion()).decide(threads);
        boolean relaunched = env.containsKey(KernelGuard.APPLIED_VARIABLE);
        if (d.line() != null && !relaunched) {
            System.err.println(d.line());
        }
        if (!relaunched && d.needsFreshProcess(env)) {
            return Optional.of(relaunch(d.setting(), mainClass, args));
        }
        if (d.setting().oneThread()) {
            Threads.cap(1);
        }
        return Optional.empty();
    }

    private static int relaunch(KernelSetting setting, String mainClass, String[] args) {
        Map<String, String> env = new java.util.HashMap<>(setting.environment());
        env.put(KernelGuard.APPLIED_VARIABLE, setting.label());
        return new Relaunch(List.of(), List.of(), env).run(mainClass, List.of(args));
    }
}
