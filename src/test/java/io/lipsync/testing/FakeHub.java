package io.lipsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Hugging Face-like file server on loopback: {@code /<repo>/resolve/<rev>/<path>}, with "main" at commit
 * {@link #COMMIT}, and the listing {@code /api/models/<repo>/revision/<rev>}. HEAD answers for a large (LFS)
 * file with a redirect carrying X-Linked-Size and X-Linked-Etag (sha256), and for a small one with 200 and
 * its git blob id as ETag, as the hub does; GET honours Range. It can cut the first N transfers midway,
 * stall them, never answer them, and serve a corrupted body.
 */
public final class FakeHub implements AutoCloseable {
    private final HttpServer server;
    public static final String COMMIT = "5eed0c0ffee5eed0c0ffee5eed0c0ffee5eed0c0";
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final java.util.Set<String> small = ConcurrentHashMap.newKeySet();
    private volatile boolean silent;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger stallsLeft = new AtomicInteger();
    public final List<String> rangeRequests = new CopyOnWriteArrayList<>();
    public final AtomicInteger gets = new AtomicInteger();
    private volatile String plainType;

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Publishes a file; the hub announces the sha256 of {@code content}. */
    public void put(String repo, String path, byte[] content) {
        files.put("/" + repo + "/resolve/main/" + path, content);
    }

    /** Publishes a small file kept in git itself: the hub gives its git blob id, not a sha256. */
    public void putSmall(String repo, String path, byte[] content) {
        put(repo, path, content);
        small.add("/" + repo + "/resolve/main/" + path);
    }

    /** GETs of files are never answered: the connection stays open without a status line. */
    public void neverAnswer() {
        silent = true;
    }

    /** Serves {@code body} instead of the announced content (same announced size and hash). */
    public void corrupt(String repo, String path, byte[] body) {
        served.put("/" + repo + "/resolve/main/" + path, body);
    }

    /**
     * Acts as a plain mirror that announces no hash and has no listing API: HEAD answers 200 with only
     * Content-Length and {@code contentType}, and GET serves the body with that type.
     */
    public void plainMirror(String contentType) {
        plainType = contentType;
    }

    /** The next {@code n} GETs send half the body, then go silent for ten seconds without closing. */
    public void stallNext(int n) {
        stallsLeft.set(n);
    }

    /** The next {@code n} GETs send half the body, then drop the connection. */
    public void cutNext(int n) {
        cutsLeft.set(n);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replace("/resolve/" + COMMIT + "/", "/resolve/main/");
        if (path.startsWith("/api/models/")) {
            listing(ex, path);
            return;
        }
        byte[] content = files.get(path);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        if (plainType != null) {
            ex.getResponseHeaders().add("Content-Type", plainType);
        }
        if (ex.getRequestMethod().equals("HEAD") && plainType != null) {
            ex.getResponseHeaders().add("Content-Length", String.valueOf(served.getOrDefault(path, content).length));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        if (ex.getRequestMethod().equals("HEAD") && small.contains(path)) {
            ex.getResponseHeaders().add("ETag", "\"" + gitBlob(content) + "\"");
            ex.getResponseHeaders().add("Content-Length", String.valueOf(content.length));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(content.length));
            ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(content) + "\"");
            ex.getResponseHeaders().add("Location", path + "?cdn=1");
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        gets.incrementAndGet();
        if (silent) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        byte[] body = served.getOrDefault(path, content);
        int from = 0;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null) {
            rangeRequests.add(range);
            from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - from;
        ex.sendResponseHeaders(range != null ? 206 : 200, length);
        OutputStream out = ex.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0) {
            out.write(body, from, length / 2);
            out.flush();
            // An exception out of the handler makes the server drop the connection mid-body.
            throw new IllegalStateException("connection cut on purpose");
        }
        if (stallsLeft.getAndDecrement() > 0) {
            out.write(body, from, length / 2);
            out.flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stalled on purpose");
        }
        out.write(body, from, length);
        out.close();
    }

    /** The revision's commit and every file with its size and sha256 (LFS) or git blob id, as the hub lists them. */
    private void listing(HttpExchange ex, String path) throws IOException {
        int cut = path.indexOf("/revision/");
        if (plainType != null || cut < 0) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String repo = path.substring("/api/models/".length(), cut);
        String prefix = "/" + repo + "/resolve/main/";
        StringBuilder json = new StringBuilder("{\"id\":\"" + repo + "\",\"sha\":\"" + COMMIT + "\",\"siblings\":[");
        String sep = "";
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (!f.getKey().startsWith(prefix)) {
                continue;
            }
            byte[] c = f.getValue();
            json.append(sep).append("{\"rfilename\":\"").append(f.getKey().substring(prefix.length()))
                    .append("\",\"blobId\":\"").append(gitBlob(c)).append("\",\"size\":").append(c.length);
            if (!small.contains(f.getKey())) {
                json.append(",\"lfs\":{\"sha256\":\"").append(sha256(c)).append("\",\"size\":").append(c.length)
                        .append(",\"pointerSize\":134}");
            }
            json.append("}");
            sep = ",";
        }
        byte[] body = json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    /** git's object id of a blob: sha1 of "blob <size>\0" and the bytes. */
    public static String gitBlob(byte[] data) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + data.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
