package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.CliProcess;
import io.lipsync.testing.SharedFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command in its own process: Ctrl-C, a taken port, its thread pools. */
class CommandProcessTest {
    @TempDir
    Path dir;

    private Process start(Path log, String... args) throws IOException {
        return CliProcess.start(dir.resolve("tmp"), log, args);
    }

    private String[] daemonArgs(int port) {
        return new String[] {"daemon", "--obs", "ws://127.0.0.1:9", "--http-port", String.valueOf(port),
                "--state", dir.resolve("state").toString(), "--config", dir.resolve("none.json").toString(),
                "--cache", dir.resolve("cache").toString(), "--steps", "1"};
    }

    @Test
    void theDaemonStopsAtOnceWithStatusZeroOnCtrlC() throws Exception {
        Path log = dir.resolve("daemon.log");
        Process p = start(log, daemonArgs(0));
        CliProcess.await("models loaded", () -> CliProcess.contains(log, "waiting for OBS"), p, log);
        long sent = System.nanoTime();
        CliProcess.interrupt(p);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the daemon ended");
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(seconds < 5, "ended " + seconds + " s after Ctrl-C (was 10 s)");
        assertTrue(CliProcess.contains(log, "unfinished jobs resume"), Files.readString(log));
    }

    @Test
    void aTakenPortFailsBeforeTheModelsLoad() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path log = dir.resolve("daemon.log");
            Process p = start(log, daemonArgs(taken.getLocalPort()));
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = Files.readString(log);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), out);
            assertFalse(out.contains("loading the models"), out);
            assertFalse(out.contains("\tat "), "one line, no stack trace: " + out);
        }
    }

    /**
     * Ctrl-C while the render runs its networks: it stops at the next block or frame, cleans up, and only then
     * does the JVM exit (exiting under a thread inside libtorch or ONNX Runtime crashed the process at times).
     */
    @Test
    void ctrlCMidRenderLeavesNoPartialOutputOrCacheFolder() throws Exception {
        Path log = dir.resolve("render.log");
        Path out = Files.createDirectories(dir.resolve("out")).resolve("synced.mp4");
        Path cache = dir.resolve("cache");
        Process p = start(log, "render", "--video", SharedFixtures.media().resolve("face-clip.mp4").toString(),
                "--audio", SharedFixtures.media().resolve("voice-long.mp3").toString(), "--out", out.toString(),
                "--cache", cache.toString(), "--steps", "1");
        CliProcess.await("a render under way", () -> hasEntry(out.getParent(), ".part") && hasEntry(cache, ".building"), p, log);
        CliProcess.interrupt(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the render ended");
        CliProcess.assertStoppedCleanly(p, log, dir.resolve("tmp"));
        assertFalse(hasEntry(out.getParent(), ".part"), "no .part beside --out: " + list(out.getParent()));
        assertFalse(hasEntry(cache, ".building"), "no .building folder in the cache: " + list(cache));
        assertFalse(Files.exists(out), "no output either");
        assertFalse(hasEntry(dir.resolve("tmp"), "frames.rgb"), "no frame store: " + list(dir.resolve("tmp")));
    }

    /**
     * SIGKILL at random points of a render (loading, face analysis, lip-sync, encoding, or after it), four
     * times, once more mid-encoding, then the same render to the end: an output or cache entry a kill
     * leaves is complete or absent, never half-written and trusted; the render after the kills gives the
     * frames a clean one gives and sweeps the work files the killed ones left.
     */
    @Test
    void killedAtRandomPointsARenderLeavesNothingHalfWrittenThatIsTrusted() throws Exception {
        String clip = SharedFixtures.media().resolve("face-clip.mp4").toString();
        String voice = SharedFixtures.media().resolve("voice-en.wav").toString();
        Path ref = Files.createDirectories(dir.resolve("ref")).resolve("synced.mp4");
        long begin = System.nanoTime();
        Process clean = start(dir.resolve("ref.log"), "render", "--video", clip, "--audio", voice, "--out",
                ref.toString(), "--cache", dir.resolve("ref-cache").toString(), "--steps", "1");
        assertTrue(clean.waitFor(240, TimeUnit.SECONDS) && clean.exitValue() == 0, Files.readString(dir.resolve("ref.log")));
        long cleanMillis = (System.nanoTime() - begin) / 1_000_000;
        int frames = frames(ref);

        Path out = Files.createDirectories(dir.resolve("out")).resolve("synced.mp4");
        String[] render = {"render", "--video", clip, "--audio", voice, "--out", out.toString(), "--cache",
                dir.resolve("cache").toString(), "--steps", "1"};
        java.util.Random random = new java.util.Random(3);
        for (int kill = 0; kill < 4; kill++) {
            Process p = start(dir.resolve("killed-" + kill + ".log"), render);
            Thread.sleep(300 + random.nextInt((int) Math.min(Integer.MAX_VALUE, cleanMillis)));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed");
            if (Files.exists(out)) {
                assertEquals(frames, frames(out), "an output in place after kill " + kill + " is whole");
            }
            List<String> lines = Files.readAllLines(dir.resolve("killed-" + kill + ".log"));
            System.out.println("kill " + kill + ": output " + (Files.exists(out) ? "whole" : "absent") + ", left beside it "
                    + list(out.getParent()) + ", last words: " + (lines.isEmpty() ? "-" : lines.get(lines.size() - 1)));
        }
        // and once mid-encoding for sure, so the render after it has work files to sweep; a part file an
        // earlier kill left (no render since swept it) is not this one's sign of encoding
        List<String> leftBefore = list(out.getParent());
        Path midLog = dir.resolve("killed-mid-encoding.log");
        Process mid = start(midLog, render);
        CliProcess.await("encoding under way", () -> list(out.getParent()).stream()
                .anyMatch(n -> n.contains(".part") && !leftBefore.contains(n)), mid, midLog);
        mid.destroyForcibly();
        assertTrue(mid.waitFor(30, TimeUnit.SECONDS), "killed");
        assertTrue(hasEntry(out.getParent(), ".part") && hasEntry(dir.resolve("tmp"), "frames.rgb"),
                "the kill left its work files: " + list(out.getParent()) + " " + list(dir.resolve("tmp")));
        Path log = dir.resolve("after.log");
        Process after = start(log, render);
        assertTrue(after.waitFor(240, TimeUnit.SECONDS) && after.exitValue() == 0, Files.readString(log));
        assertEquals(frames, frames(out), Files.readString(log));
        assertEquals(List.of("synced.mp4"), list(out.getParent()), "what the kills left beside --out is swept");
        assertFalse(hasEntry(dir.resolve("cache"), ".building"), "and in the cache: " + list(dir.resolve("cache")));
        assertFalse(hasEntry(dir.resolve("tmp"), "frames.rgb"), "and the frame store: " + list(dir.resolve("tmp")));
    }

    private static int frames(Path video) {
        int[] n = {0};
        io.lipsync.media.VideoDecoder.decodeInOrder(video, f -> n[0]++);
        return n[0];
    }

    @Test
    void oneKnobSizesTheThreadPools() throws Exception {
        Path log = dir.resolve("render.log");
        Process p = start(log, "render", "--video", SharedFixtures.media().resolve("face-clip.mp4").toString(),
                "--audio", SharedFixtures.media().resolve("voice-en.wav").toString(), "--out",
                dir.resolve("o.mp4").toString(), "--cache", dir.resolve("cache").toString(), "--steps", "1",
                "--threads", "1");
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the render ended");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("Number of intra-op threads is 1"), out);
        assertTrue(out.contains("Number of inter-op threads is 1"), out);
    }

    private static boolean hasEntry(Path folder, String marker) {
        return list(folder).stream().anyMatch(n -> n.contains(marker));
    }

    private static List<String> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
