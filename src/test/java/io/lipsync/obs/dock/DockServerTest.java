package io.lipsync.obs.dock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.util.UserError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dock server refuses what a hostile page or a broken client sends, and slow work never blocks media. */
class DockServerTest {
    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path media;

    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean throwOnState;
    private final java.util.List<String> presets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private DockServer server;
    private int port;

    /** A daemon whose OBS never answers a trigger and whose previews take as long as the test wants. */
    private final DockBackend backend = new DockBackend() {
        @Override
        public JsonObject state() {
            if (throwOnState) {
                throw new IllegalStateException("boom");
            }
            return new JsonObject();
        }

        @Override
        public CompletableFuture<String> trigger(String action, String preset, String face) {
            presets.add(preset + "/" + face);
            return new CompletableFuture<>();
        }

        @Override
        public boolean cancel(String jobId) {
            return false;
        }

        @Override
        public byte[] preview(String jobId) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
    };

    @BeforeEach
    void start() throws IOException {
        Files.writeString(media.resolve("take.m3u8"), "#EXTM3U\n");
        server = new DockServer(TOKEN, media, backend);
        port = server.start(0);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    /** Sends raw bytes and returns the status line and headers of the answer. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private String get(String path, String host, String extra) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "Connection: close\r\n\r\n");
    }

    private static void assertStatus(int status, String answer) {
        assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
    }

    @Test
    void shortOrEmptyTokensAreRefused() {
        for (String weak : new String[] {"", "   ", "short-token"}) {
            assertThrows(UserError.class, () -> new DockServer(weak, media, backend));
        }
    }

    @Test
    void anEmptyTokenNeverOpensTheApiOrTheMedia() throws IOException {
        assertStatus(401, get("/api/state?token=", "127.0.0.1:" + port, ""));
        assertStatus(401, get("/media//take.m3u8", "127.0.0.1:" + port, ""));
        assertStatus(200, get("/media/" + TOKEN + "/take.m3u8", "127.0.0.1:" + port, ""));
    }

    @Test
    void onlyLoopbackHostNamesAreServed() throws IOException {
        assertStatus(403, get("/api/state", "attacker.example:" + port, "X-Lipsync-Token: " + TOKEN + "\r\n"));
        assertStatus(403, get("/", "attacker.example", ""));
        assertStatus(403, raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertStatus(200, get("/api/state", "localhost:" + port, "X-Lipsync-Token: " + TOKEN + "\r\n"));
        assertStatus(200, get("/", "[::1]:" + port, ""));
    }

    @Test
    void otherPagesCannotChangeState() throws IOException {
        String post = "POST /api/jobs/x/cancel HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Lipsync-Token: " + TOKEN
                + "\r\nContent-Length: 0\r\nConnection: close\r\n";
        assertStatus(403, raw(post + "Origin: http://attacker.example\r\n\r\n"));
        assertStatus(404, raw(post + "Origin: http://127.0.0.1:" + port + "\r\n\r\n"));
    }

    @Test
    void malformedRequestsGetTheirStatus() throws IOException {
        String host = "127.0.0.1:" + port;
        assertStatus(431, get("/", host, "X-Padding: " + "a".repeat(20_000) + "\r\n"));
        assertStatus(414, get("/" + "a".repeat(10_000), host, ""));
        assertStatus(400, raw("NONSENSE\r\n\r\n"));
        String put = raw("PUT /api/state HTTP/1.1\r\nHost: " + host + "\r\nX-Lipsync-Token: " + TOKEN
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertStatus(405, put);
        assertTrue(put.contains("allow: GET") || put.contains("Allow: GET"), put);
        assertStatus(405, raw("DELETE /media/" + TOKEN + "/take.m3u8 HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void aFailingHandlerAnswers500() throws IOException {
        throwOnState = true;
        assertStatus(500, get("/api/state", "127.0.0.1:" + port, "X-Lipsync-Token: " + TOKEN + "\r\n"));
    }

    @Test
    void aTriggerOBSNeverAnswersAndASlowPreviewLeaveMediaServed() throws Exception {
        String host = "127.0.0.1:" + port;
        CompletableFuture<String> preview = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/api/jobs/j1/preview.jpg", host, "X-Lipsync-Token: " + TOKEN + "\r\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        String trigger = raw("POST /api/lipsync?preset=draft&face=centre HTTP/1.1\r\nHost: " + host + "\r\nX-Lipsync-Token: " + TOKEN
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertStatus(202, trigger);
        assertEquals(java.util.List.of("draft/centre"), presets, "the dock's preset and face reach the daemon with the trigger");
        for (int i = 0; i < 5; i++) {
            assertStatus(200, get("/media/" + TOKEN + "/take.m3u8", host, ""));
        }
        assertTrue(System.nanoTime() - start < 8_000_000_000L, "media answered while OBS and the preview hang");
        release.countDown();
        assertStatus(404, preview.get());
    }
}
