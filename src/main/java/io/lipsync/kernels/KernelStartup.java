package io.lipsync.kernels;

import ai.djl.engine.Engine;
import io.lipsync.util.Folders;
import io.lipsync.util.Threads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the guard for a command about to use the networks, and applies its decision: fewer threads in this
 * process, or the whole command again in a fresh JVM whose environment carries the setting (its exit code
 * is then this one's; a stop signal to this process stops that one too).
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
        List<String> command = new ArrayList<>();
        command.add(ProbeProcess.javaExecutable());
        command.addAll(ProbeProcess.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(setting.environment());
        builder.environment().put(KernelGuard.APPLIED_VARIABLE, setting.label());
        try {
            Process child = builder.start();
            Thread stop = new Thread(child::destroy, "stop-relaunched-command");
            Runtime.getRuntime().addShutdownHook(stop);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        } catch (IOException e) {
            System.err.println("error: cannot start the command again under " + setting.label() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
