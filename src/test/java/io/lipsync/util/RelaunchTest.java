package io.lipsync.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop to a process that relaunched its command reaches the relaunched child at once (as SIGTERM), and the
 * child's status is the one returned. Before, the stop held the parent while the child worked on, unaware.
 */
class RelaunchTest {
    @TempDir
    Path dir;

    @Test
    void aStopIsPassedOnToTheChildWhoseStatusIsReturned() throws Exception {
        Relaunch relaunch = new Relaunch(List.of(), List.of(), Map.of());
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                () -> relaunch.run(WaitsForAStop.class.getName(), List.of(dir.toString())));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("started")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(dir.resolve("started")), "the child started");
        // As a stop signal to this process would (the guard in run() may start just after the child does).
        while (!status.isDone() && System.nanoTime() < deadline) {
            Stopping.request();
            Thread.sleep(50);
        }
        assertTrue(status.isDone(), "the relaunched command stopped well before its two minutes");
        assertEquals(143, status.get(), "the child's status for SIGTERM");
        assertTrue(Files.exists(dir.resolve("stopped")), "the child was stopped, not left behind");
    }
}
