package io.lipsync.util;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs this program's command again in a fresh JVM, with more class path, JVM options or environment than
 * this one started with: its output is this one's (inherited), its exit code is returned, and a stop signal
 * to this process stops it too (passed on as SIGTERM).
 */
public record Relaunch(List<String> jvmOptions, List<Path> classPath, Map<String, String> environment) {
    /**
     * While the child runs, a stop to this process is the child's to answer: it prints its own notice (a Ctrl-C
     * in a terminal reaches both, and one notice is enough), may save first, and ends with its status, which
     * this process returns. Without this, the stop would hold this process with no one telling the child.
     */
    private static final Stopping.Policy PASS_ON = new Stopping.Policy(null, false,
            Stopping.LONGEST_GRACE.plusMinutes(1));
    /** How often the wait looks for a stop to pass on. */
    private static final long POLL_MILLIS = 100;

    public int run(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(jvmOptions);
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        classPath.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
        command.addAll(List.of("-cp", cp.toString(), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new UserError("cannot start the command again in a fresh JVM: " + e.getMessage());
        }
        // Exits other than a stop signal (SIGHUP, an exit called elsewhere): the child is stopped and waited for.
        Thread stop = new Thread(() -> stopAndWait(child), "stop-relaunched-command");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return Stopping.guard(PASS_ON, System.err::println, () -> waitPassingOnAStop(child));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it waits for the child
            }
        }
    }

    private static int waitPassingOnAStop(Process child) throws InterruptedException {
        boolean passedOn = false;
        while (!child.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (!passedOn && Stopping.requested()) {
                child.destroy(); // SIGTERM; a child that Ctrl-C reached already takes a repeat as nothing
                passedOn = true;
            }
        }
        return child.exitValue();
    }

    private static void stopAndWait(Process child) {
        child.destroy();
        try {
            child.waitFor(Stopping.LONGEST_GRACE.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The java program running this JVM. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    }
}
