package io.lipsync.modelfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import io.lipsync.testing.LocalServer;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files taken out of a zip served by a local server (as buffalo_l.zip is by InsightFace's releases). */
class ZipModelDownloadTest {
    private static final byte[] DETECTOR = "detector weights".getBytes();
    private static final byte[] LANDMARKS = "landmark weights".getBytes();

    @TempDir
    Path dir;

    private LocalServer server;

    @BeforeEach
    void serve() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (var e : List.of(java.util.Map.entry("buffalo_l/det.onnx", DETECTOR),
                    java.util.Map.entry("buffalo_l/lmk.onnx", LANDMARKS), java.util.Map.entry("other.onnx", DETECTOR))) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        server = new LocalServer().serve("/models.zip", zip.toByteArray(), null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void takesTheWantedEntriesOutCheckedAndLeavesNoArchiveBehind() throws Exception {
        ZipModelDownload.Archive archive = new ZipModelDownload.Archive(server.url("/models.zip"), List.of(
                new ZipModelDownload.Entry("det.onnx", sha256(DETECTOR), "face/det.onnx"),
                new ZipModelDownload.Entry("lmk.onnx", sha256(LANDMARKS), "face/lmk.onnx")));
        List<Path> files = ZipModelDownload.fetch(archive, dir);
        assertArrayEquals(DETECTOR, Files.readAllBytes(files.get(0)));
        assertArrayEquals(LANDMARKS, Files.readAllBytes(files.get(1)));
        try (var left = Files.list(dir)) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().equals("face")), "no archive left behind");
        }
    }

    @Test
    void aFileThatIsNotTheExpectedOneIsRefusedAndNotKept() throws Exception {
        ZipModelDownload.Archive archive = new ZipModelDownload.Archive(server.url("/models.zip"), List.of(
                new ZipModelDownload.Entry("det.onnx", sha256(LANDMARKS), "face/det.onnx")));
        DownloadException e = assertThrows(DownloadException.class, () -> ZipModelDownload.fetch(archive, dir));
        assertTrue(e.getMessage().contains("is not the expected file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("face/det.onnx")));
    }

    @Test
    void aMissingArchiveSaysWhereItLooked() {
        ZipModelDownload.Archive archive = new ZipModelDownload.Archive(server.url("/gone.zip"), List.of(
                new ZipModelDownload.Entry("det.onnx", "00", "face/det.onnx")));
        DownloadException e = assertThrows(DownloadException.class, () -> ZipModelDownload.fetch(archive, dir));
        assertTrue(e.getMessage().contains("/gone.zip answered HTTP 404"), e.getMessage());
    }

    @Test
    void aHostileArchiveIsCutOffNotReadIntoMemory() throws Exception {
        // 300 MB of zeros deflate to a few hundred kB: a zip bomb for anything that reads entries whole.
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("buffalo_l/det.onnx"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        server.serve("/bomb.zip", zip.toByteArray(), null);
        ZipModelDownload.Archive bomb = new ZipModelDownload.Archive(server.url("/bomb.zip"), List.of(
                new ZipModelDownload.Entry("det.onnx", "0".repeat(64), "auxiliary/models/buffalo_l/det_10g.onnx")));
        long heapBefore = usedHeap();
        DownloadException e = assertThrows(DownloadException.class, () -> ZipModelDownload.fetch(bomb, dir));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        assertTrue(usedHeap() - heapBefore < 200L << 20, "the entry was streamed, not held in memory");
        assertFalse(Files.exists(dir.resolve("auxiliary/models/buffalo_l/det_10g.onnx")));
        try (var left = Files.walk(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial files");
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return r.totalMemory() - r.freeMemory();
    }
}
