package io.lipsync.util;

import java.nio.file.Files;
import java.nio.file.Path;

/** A child process for RelaunchTest: says it started, then waits; a stop that reaches it leaves a mark. */
public final class WaitsForAStop {
    private WaitsForAStop() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.writeString(dir.resolve("stopped"), "");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        Files.writeString(dir.resolve("started"), "");
        Thread.sleep(120_000);
    }
}
