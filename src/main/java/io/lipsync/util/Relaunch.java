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
 * to this process stops it too.
 */
public record Relaunch(List<String> jvmOptions, List<Path> classPath, Map<String, String> environment) {

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
        try {
            Process child = builder.start();
            // The child stops as its command does (it may save first); this process ends after it.
            Thread stop = new Thread(() -> stopAndWait(child), "stop-relaunched-command");
            Runtime.getRuntime().addShutdownHook(stop);
            int code = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        } catch (IOException e) {
            throw new UserError("cannot start the command again in a fresh JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
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
