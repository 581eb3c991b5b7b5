package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The real command in a process of its own, on the tiny models, its temporary files kept under one folder. */
public final class CliProcess {
    private CliProcess() {}

    /** Starts {@code lipsync args...} on the tiny models (their options appended), as {@link #startCommand}. */
    public static Process start(Path tmp, Path log, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(TinyEngine.cliOptions()));
        return startCommand(tmp, log, all.toArray(String[]::new));
    }

    /**
     * Starts {@code lipsync args...} as given; its output goes to {@code log}, its temporary files and any JVM
     * fatal-error report ({@code hs_err_pid*.log}) to {@code tmp}.
     */
    public static Process startCommand(Path tmp, Path log, String... args) throws IOException {
        return startMain(tmp, log, "io.lipsync.cli.Main", args);
    }

    /** Starts the test class path's {@code mainClass} with {@code args}, as {@link #startCommand} does. */
    public static Process startMain(Path tmp, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Djava.io.tmpdir=" + Files.createDirectories(tmp),
                "-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log"),
                "-Dorg.slf4j.simpleLogger.log.ai.djl.pytorch.engine=info",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Asserts that a process stopped by Ctrl-C ended as a stop should: status 130, its working thread saying
     * "stopped" after the stop notice (so the exit waited for it to leave the native kernels), no JVM fatal error.
     */
    public static void assertStoppedCleanly(Process p, Path log, Path tmp) throws IOException {
        String said = Files.readString(log);
        assertEquals(130, p.exitValue(), said);
        int asked = said.indexOf("stopping ...");
        assertTrue(asked >= 0 && said.indexOf("\nstopped", asked) > 0, "the work unwound before the exit: " + said);
        assertNoCrash(log, tmp);
    }

    /**
     * No JVM fatal error: none in the log, no crash report in {@code tmp}. A report's head (the failing frame,
     * the thread and its Java frames) goes into the failure, since {@code tmp} goes with the test.
     */
    public static void assertNoCrash(Path log, Path tmp) throws IOException {
        String said = Files.readString(log);
        try (var files = Files.list(tmp)) {
            for (Path report : files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList()) {
                fail("JVM crash report " + report.getFileName() + ":\n" + crashHead(report) + "\nlog:\n" + said);
            }
        }
        assertFalse(said.contains("fatal error"), said);
    }

    /** The lines of a crash report up to its list of other threads. */
    private static String crashHead(Path report) throws IOException {
        List<String> lines = Files.readAllLines(report);
        int end = 0;
        while (end < lines.size() && !lines.get(end).startsWith("Java Threads:")) {
            end++;
        }
        return String.join("\n", lines.subList(0, Math.min(end, 200)));
    }

    /** Ctrl-C. */
    public static void interrupt(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor());
    }

    /** Waits (up to 4 minutes) for {@code condition} while the process lives; fails with its log otherwise. */
    public static void await(String what, BooleanSupplier condition, Process p, Path log) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!condition.getAsBoolean()) {
            assertTrue(p.isAlive(), what + ": the process ended early:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < until, what + ": not reached:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    public static boolean contains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
