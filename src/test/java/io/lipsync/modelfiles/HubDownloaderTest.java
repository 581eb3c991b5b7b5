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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubDownloaderTest {
    private static final String REPO = "ByteDance/LatentSync-1.6";
    private static final ModelFile FILE = new ModelFile(REPO, "main", "latentsync_unet.pt", "latentsync_unet.pt",
            "U-Net");

    private static final HubDownloader.Settings QUICK = new HubDownloader.Settings(Duration.ofMillis(10),
            Duration.ofSeconds(5), Duration.ofSeconds(5), false);

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
        downloader = new HubDownloader(hub.endpoint(), QUICK);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void downloadsVerifiesAndLeavesNoPartialFile() throws Exception {
        LockedFile locked = downloader.download(FILE, dir, DownloadListener.NONE);
        Path target = dir.resolve("latentsync_unet.pt");
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(new LockedFile(content.length, FakeHub.sha256(content), FakeHub.COMMIT, Proof.SHA256), locked);
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
        new HubDownloader(hub.endpoint(), new HubDownloader.Settings(Duration.ofMillis(10), Duration.ofSeconds(5),
                Duration.ofMillis(300), false)).download(FILE, dir, DownloadListener.NONE);
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
    void missingFileOnAMirrorWithoutListingSaysWhichAndWhere() {
        hub.plainMirror("application/octet-stream");
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
    void aSourceWithoutHashesIsRefusedUnlessTrustedAndTheTrustIsRecorded() throws Exception {
        hub.plainMirror("application/octet-stream");
        byte[] wrong = new byte[content.length];
        Files.write(dir.resolve("latentsync_unet.pt"), wrong);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(FILE, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("gives no hash") && e.getMessage().contains("--trust-source"),
                e.getMessage());
        assertEquals(0, hub.gets.get(), "nothing is fetched that nothing could prove");
        assertArrayEquals(wrong, Files.readAllBytes(dir.resolve("latentsync_unet.pt")), "the file in place is left");

        LockedFile trusted = new HubDownloader(hub.endpoint(), QUICK.trusting(true))
                .download(FILE, dir, DownloadListener.NONE);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("latentsync_unet.pt")));
        assertEquals(Proof.TRUSTED, trusted.proof());
        assertEquals("main", trusted.commit(), "a mirror without the listing API leaves the revision unresolved");
        assertEquals(FakeHub.sha256(content), trusted.sha256());
        assertEquals(1, hub.gets.get(), "the right-sized wrong file was replaced, not trusted");
    }

    @Test
    void aSmallFileIsProvedByItsGitBlobId() throws Exception {
        byte[] config = "{\"latent_channels\": 4}".getBytes();
        hub.putSmall("stabilityai/sd-vae-ft-mse", "config.json", config);
        ModelFile file = new ModelFile("stabilityai/sd-vae-ft-mse", "main", "config.json", "vae/config.json", "VAE");
        LockedFile locked = downloader.download(file, dir, DownloadListener.NONE);
        assertEquals(Proof.GIT_BLOB, locked.proof());
        assertEquals(FakeHub.COMMIT, locked.commit());
        assertEquals(FakeHub.sha256(config), locked.sha256());

        Files.delete(dir.resolve("vae/config.json"));
        hub.corrupt("stabilityai/sd-vae-ft-mse", "config.json", "{\"latent_channels\": 8}".getBytes());
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(file, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("git blob id"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("vae/config.json")));
    }

    @Test
    void aFileTheCommitDoesNotListIsRefusedBeforeAnyTransfer() {
        ModelFile missing = new ModelFile(REPO, "main", "latentsync_unet_v2.pt", "u.pt", "U-Net");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(missing, dir, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("not in " + REPO + " at commit " + FakeHub.COMMIT), e.getMessage());
        assertEquals(0, hub.gets.get());
    }

    @Test
    void aServerThatNeverAnswersIsAnnouncedRetriedAndGivenUpOnByName() {
        hub.neverAnswer();
        List<String> heard = new CopyOnWriteArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void waiting(ModelFile file, String host, Duration limit) {
                heard.add("waiting " + host);
            }

            @Override
            public void retrying(ModelFile file, int attempt, int attempts, String reason) {
                heard.add("attempt " + attempt + "/" + attempts + ": " + reason);
            }
        };
        long start = System.nanoTime();
        DownloadException e = assertThrows(DownloadException.class, () -> new HubDownloader(hub.endpoint(),
                new HubDownloader.Settings(Duration.ofMillis(10), Duration.ofMillis(400), Duration.ofMillis(400), false))
                .download(FILE, dir, listener));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 15, "gave up after " + seconds + " s");
        assertTrue(e.getMessage().contains("from 127.0.0.1 failed 5 times") && e.getMessage().contains("no answer")
                && e.getMessage().contains("check the network"), e.getMessage());
        assertTrue(heard.contains("waiting 127.0.0.1"), heard.toString());
        assertEquals(4, heard.stream().filter(h -> h.startsWith("attempt")).count(), heard.toString());
        assertTrue(heard.stream().anyMatch(h -> h.startsWith("attempt 1/5: 127.0.0.1 sent no answer")), heard.toString());
        assertFalse(Files.exists(dir.resolve("latentsync_unet.pt")));
    }
}
