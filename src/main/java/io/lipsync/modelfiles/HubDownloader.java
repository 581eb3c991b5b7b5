package io.lipsync.modelfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches files from a Hugging Face-compatible hub ({@code <endpoint>/<repo>/resolve/<revision>/<path>}).
 * A transfer goes to {@code <file>.part}, resumes with HTTP Range after a break, is checked against the
 * size and sha256 the hub announces, and only then is moved into place atomically.
 */
public final class HubDownloader {
    /** The same variable huggingface_hub reads to point at a mirror. */
    public static final String ENDPOINT_VARIABLE = "HF_ENDPOINT";
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final int ATTEMPTS = 5;

    private final URI endpoint;
    private final HttpClient client;
    private final HttpClient headClient;
    private final Duration backoff;
    private final Duration stallTimeout;

    public HubDownloader(URI endpoint, Duration backoff) {
        this(endpoint, backoff, Transfer.DEFAULT_STALL);
    }

    /** stallTimeout: a request unanswered, or a transfer that receives nothing, for this long is retried. */
    public HubDownloader(URI endpoint, Duration backoff, Duration stallTimeout) {
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", "") + "/");
        this.backoff = backoff;
        this.stallTimeout = stallTimeout;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        // The hub answers a HEAD for a large file with a redirect that carries its size and sha256.
        this.headClient = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** The endpoint from HF_ENDPOINT, else huggingface.co. */
    public static HubDownloader fromEnvironment() {
        String env = System.getenv(ENDPOINT_VARIABLE);
        return new HubDownloader(URI.create(env == null || env.isBlank() ? DEFAULT_ENDPOINT : env),
                Duration.ofSeconds(2));
    }

    /** What the hub says about a file before the transfer. */
    record Announced(long size, Optional<String> sha256) {}

    URI url(ModelFile f) {
        return endpoint.resolve(f.repo() + "/resolve/" + f.revision() + "/" + f.remotePath());
    }

    /**
     * Downloads one file under {@code root}; returns its sha256. A complete file already in place is kept
     * only when the hub announces a sha256 and the file has it: without a hash to compare, it is fetched
     * again rather than trusted.
     */
    public String download(ModelFile file, Path root, DownloadListener listener) {
        Path target = root.resolve(file.localPath());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            Announced announced = announce(file);
            if (Files.isRegularFile(target) && Files.size(target) == announced.size() && announced.sha256().isPresent()) {
                String existing = Sha256.of(target);
                if (existing.equals(announced.sha256().get())) {
                    listener.finished(file);
                    return existing;
                }
            }
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    transfer(file, part, announced, listener);
                    last = null;
                    break;
                } catch (IOException e) {
                    last = e;
                    if (attempt < ATTEMPTS) {
                        listener.retrying(file, attempt, e);
                        sleep(backoff.multipliedBy(attempt));
                    }
                }
            }
            if (last != null) {
                throw new DownloadException("downloading " + file.remotePath() + " failed " + ATTEMPTS
                        + " times (" + DownloadException.reason(last) + "); run the command again to resume from "
                        + Files.size(part) + " bytes", last);
            }
            long size = Files.size(part);
            if (announced.size() >= 0 && size != announced.size()) {
                Files.deleteIfExists(part);
                throw new DownloadException(file.remotePath() + " arrived with " + size + " bytes instead of "
                        + announced.size() + "; the partial file was removed, run the command again");
            }
            String sha = Sha256.of(part);
            if (announced.sha256().isPresent() && !announced.sha256().get().equals(sha)) {
                Files.deleteIfExists(part);
                throw new DownloadException(file.remotePath() + " is corrupted: its sha256 is " + sha
                        + " but the hub announced " + announced.sha256().get()
                        + "; the bad copy was removed, run the command again");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            listener.finished(file);
            return sha;
        } catch (IOException e) {
            throw new DownloadException("cannot download " + url(file) + ": " + DownloadException.reason(e)
                    + " (check the network, or set " + ENDPOINT_VARIABLE + " to a reachable mirror)", e);
        }
    }

    private Announced announce(ModelFile file) throws IOException {
        HttpRequest head = HttpRequest.newBuilder(url(file)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(stallTimeout).build();
        HttpResponse<Void> first = send(headClient, head, HttpResponse.BodyHandlers.discarding());
        boolean redirect = first.statusCode() >= 300 && first.statusCode() < 400;
        HttpResponse<Void> r = redirect && header(first, "x-linked-size").isEmpty()
                ? send(client, head, HttpResponse.BodyHandlers.discarding()) : first;
        if (r.statusCode() == 404) {
            throw new DownloadException(file.remotePath() + " is not in " + file.repo() + " (HTTP 404) at "
                    + endpoint + "; check the version and " + ENDPOINT_VARIABLE);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new DownloadException(file.repo() + " refused access (HTTP " + r.statusCode()
                    + "); accept the model's licence on the hub or use a mirror");
        }
        if (r.statusCode() >= 400 || (r.statusCode() >= 300 && header(r, "x-linked-size").isEmpty())) {
            throw new IOException("HTTP " + r.statusCode() + " for " + url(file));
        }
        if (header(r, "x-linked-size").isEmpty() && header(r, "content-type").orElse("").toLowerCase(Locale.ROOT)
                .startsWith("text/html")) {
            throw new DownloadException(url(file) + " answered with a web page, not " + file.remotePath()
                    + ": a login or error page; check " + ENDPOINT_VARIABLE + " and the network");
        }
        long size = header(r, "x-linked-size").or(() -> header(r, "content-length")).map(Long::parseLong).orElse(-1L);
        Optional<String> sha = header(r, "x-linked-etag").or(() -> header(r, "etag"))
                .map(e -> e.replace("\"", "").replace("W/", "").toLowerCase(Locale.ROOT))
                .filter(e -> e.matches("[0-9a-f]{64}"));
        return new Announced(size, sha);
    }

    private void transfer(ModelFile file, Path part, Announced announced, DownloadListener listener)
            throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (announced.size() >= 0 && have > announced.size()) {
            Files.delete(part);
            have = 0;
        }
        if (announced.size() >= 0 && have == announced.size()) {
            return;
        }
        Map<String, String> range = have > 0 ? Map.of("Range", "bytes=" + have + "-") : Map.of();
        long done;
        try (Transfer t = Transfer.get(client, url(file), range, stallTimeout)) {
            boolean resumed = t.status() == 206;
            if (t.status() != 200 && !resumed) {
                throw new IOException("HTTP " + t.status());
            }
            t.requireFile(file.remotePath());
            long start = resumed ? have : 0;
            listener.started(file, start, announced.size());
            StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            long limit = announced.size() >= 0 ? announced.size() - start : Long.MAX_VALUE;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    mode)) {
                done = start + t.copy(out, limit, n -> listener.progressed(start + n));
            }
        }
        if (announced.size() >= 0 && done < announced.size()) {
            throw new IOException("connection closed after " + done + " of " + announced.size() + " bytes");
        }
    }

    private static <T> HttpResponse<T> send(HttpClient client, HttpRequest request,
            HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** sha256 of files, streamed. */
    public static final class Sha256 {
        private Sha256() {}

        public static String of(Path file) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
