package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Starts {@code lipsync args...}; its output goes to {@code log}, its temporary files to {@code tmp}. */
    public static Process start(Path tmp, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Dai.djl.offline=true", "-Djava.io.tmpdir=" + Files.createDirectories(tmp),
                "-Dorg.slf4j.simpleLogger.log.ai.djl.pytorch.engine=info",
                "-cp", System.getProperty("java.class.path"), "io.lipsync.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of(TinyEngine.cliOptions()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
