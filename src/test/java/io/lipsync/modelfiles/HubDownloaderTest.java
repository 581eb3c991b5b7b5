package io.lipsync.modelfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.checkpoint.StateDict;
import io.lipsync.testing.FakeHub;
import io.lipsync.testing.TorchZipWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloaderTest {
    private static final String REPO = "ByteDance/LatentSync-1.6";
    private static final ModelFile FILE = new ModelFile(REPO, "main", "latentsync_unet.pt", "latentsync_unet.pt",
            "U-Net");

    @TempDir
    Path dir;

    private FakeHub hub;
    private byte[] content;
    private HubDownloader downloader;

    @BeforeEach
    void start() throws Exception {
        hub = new FakeHub();
        float[] values = new float[50_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        Path made = Files.createTempFile("unet", ".pt");
        new TorchZipWriter()
                .put("state_dict", Map.of("conv_in.weight", TorchZipWriter.Entry.contiguous("FloatStorage",
                        TorchZipWriter.floats(values), values.length)))
                .put("global_step", 1)
                .write(made, "latentsync_unet");
        content = Files.readAllBytes(made);
        Files.delete(made);
        hub.put(REPO, "latentsync_unet.pt", content);
        downloader = new HubDownloader(hub.endpoint(), Duration.ofMillis(10));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void downloadsVerifiesAndLeavesNoPartialFile() throws Exception {
        String sha = downloader.download(FILE, dir, DownloadListener.NONE);
        Path target = dir.resolve("latentsync_unet.pt");
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(FakeHub.sha256(content), sha);
        assertFalse(Files.exists(dir.resolve("latentsync_unet.pt.part")));
        assertEquals(50_000, StateDict.load(target).get("conv_in.weight").numel());
    }

    @Test
    void resumesWithRangeAfterTheConnectionIsCutMidway() throws Exception {
        hub.cutNext(2);
        downloader.download(FILE, dir, DownloadListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("latentsync_unet.pt")));
        assertEquals(3, hub.gets.get());
        assertEquals(2, hub.rangeRequests.size());
        // It resumes from what arrived: up to the half the server sent (a dropped connection may lose the
        // bytes still in flight), never from the start.
        long from = Long.parseLong(hub.rangeRequests.get(0).replaceAll("bytes=(\\d+)-.*", "$1"));
        assertTrue(from > 0 && from <= content.length / 2, hub.rangeRequests.get(0));
    }

    @Test
    void aStalledTransferIsDroppedAndResumed() throws Exception {
        hub.stallNext(1);
        new HubDownloader(hub.endpoint(), Duration.ofMillis(10), Duration.ofMillis(300))
                .download(FILE, dir, DownloadListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("latentsync_unet.pt")));
        assertEquals(1, hub.rangeRequests.size());
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
        Files.write(dir.resolve("latentsync_unet.pt.part"), Arrays.copyOf(content, 1000));
        downloader.download(FILE, dir, DownloadListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("latentsync_unet.pt")));
        assertEquals("bytes=1000-", hub.rangeRequests.get(0));
    }

    @Test
    void corruptedBodyIsRejectedAndNothingLooksComplete() throws Exception {
        byte[] bad = content.clone();
        bad[bad.length / 3] ^= 0x5a;
        hub.corrupt(REPO, "latentsync_unet.pt", bad);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(FILE, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("latentsync_unet.pt")));
        assertFalse(Files.exists(dir.resolve("latentsync_unet.pt.part")));
    }

    @Test
    void aCompleteVerifiedFileIsNotFetchedAgain() throws Exception {
        downloader.download(FILE, dir, DownloadListener.NONE);
        int before = hub.gets.get();
        downloader.download(FILE, dir, DownloadListener.NONE);
        assertEquals(before, hub.gets.get());
    }

    @Test
    void missingFileSaysWhichAndWhere() {
        ModelFile missing = new ModelFile(REPO, "main", "nope.pt", "nope.pt", "x");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(missing, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void aMirrorServingALoginPageIsRefused() throws Exception {
        hub.plainMirror("text/html; charset=utf-8");
        hub.corrupt(REPO, "latentsync_unet.pt", "<html><body>Please sign in</body></html>".getBytes());
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(FILE, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("web page"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("latentsync_unet.pt")));
    }

    @Test
    void withoutAnAnnouncedHashAFileInPlaceIsFetchedAgainNotTrusted() throws Exception {
        hub.plainMirror("application/octet-stream");
        byte[] wrong = new byte[content.length];
        Files.write(dir.resolve("latentsync_unet.pt"), wrong);
        downloader.download(FILE, dir, DownloadListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("latentsync_unet.pt")));
        assertEquals(1, hub.gets.get(), "the right-sized wrong file was replaced");
    }
}
