package io.lipsync.modelfiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import io.lipsync.testing.LocalServer;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file from a plain address, checked against the start of its sha256 (torch hub's naming), kept only if right. */
class UrlModelDownloadTest {
    private static final byte[] WEIGHTS = "inception weights".getBytes();

    @TempDir
    Path dir;

    private LocalServer server;

    @BeforeEach
    void serve() {
        server = new LocalServer().serve("/weights.pth", WEIGHTS, null)
                .serve("/login", "<html>sign in</html>".getBytes(), "text/html");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String prefix() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(WEIGHTS)).substring(0, 8);
    }

    @Test
    void fetchesTheFileOnceAndKeepsAGoodCopy() throws Exception {
        UrlModelDownload.File file = new UrlModelDownload.File(server.url("/weights.pth"), prefix(), "auxiliary/w.pth", "test");
        Path got = UrlModelDownload.fetch(file, dir);
        assertArrayEquals(WEIGHTS, Files.readAllBytes(got));
        UrlModelDownload.fetch(file, dir);
        assertEquals(1, server.requests(), "a checked copy in place is kept");
    }

    @Test
    void anotherFileOrAWebPageIsRefusedAndNothingIsKept() {
        UrlModelDownload.File wrong = new UrlModelDownload.File(server.url("/weights.pth"), "00000000", "auxiliary/w.pth", "test");
        DownloadException e = assertThrows(DownloadException.class, () -> UrlModelDownload.fetch(wrong, dir));
        assertTrue(e.getMessage().contains("not the expected file"), e.getMessage());
        UrlModelDownload.File page = new UrlModelDownload.File(server.url("/login"), "00000000", "auxiliary/w.pth", "test");
        e = assertThrows(DownloadException.class, () -> UrlModelDownload.fetch(page, dir));
        assertTrue(e.getMessage().contains("web page"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("auxiliary/w.pth")));
        assertFalse(Files.exists(dir.resolve("auxiliary/w.pth.part")));
    }
}
