package io.lipsync.modelfiles;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches files from a Hugging Face-compatible hub ({@code <endpoint>/<repo>/resolve/<commit>/<path>}).
 * The revision is resolved to a commit once per repository, so every file comes from the same one. Each
 * file must be proved by a hash the source gives (the listing's or the answer's sha256, or the git blob id
 * of a small file); a file without one is refused unless the settings trust the source. A transfer goes to
 * {@code <file>.part}, resumes with HTTP Range after a break, is checked against the proof, and only then
 * is moved into place atomically.
 */
public final class HubDownloader {
    /** The same variable huggingface_hub reads to point at a mirror. */
    public static final String ENDPOINT_VARIABLE = "HF_ENDPOINT";
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final int ATTEMPTS = 5;
    private static final ScheduledExecutorService NOTICES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-notices");
        t.setDaemon(true);
        return t;
    });

    /**
     * How long to wait: backoff before the n-th retry (doubling), answer for a status line, stall for the
     * next byte of a body; and whether a file the source gives no hash for is taken anyway.
     */
    public record Settings(Duration backoff, Duration answer, Duration stall, boolean trustSource) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(20),
                Transfer.DEFAULT_STALL, false);

        public Settings trusting(boolean trust) {
            return new Settings(backoff, answer, stall, trust);
        }
    }

    private final URI endpoint;
    private final Settings settings;
    private final HttpClient client;
    private final HttpClient headClient;
    private final Map<String, HubSnapshot> snapshots = new HashMap<>();

    public HubDownloader(URI endpoint, Settings settings) {
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", "") + "/");
        this.settings = settings;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.answer()).build();
        // The hub answers a HEAD for a large file with a redirect that carries its size and sha256.
        this.headClient = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.answer()).build();
    }

    /** The endpoint from HF_ENDPOINT, else huggingface.co. */
    public static HubDownloader fromEnvironment(Settings settings) {
        String env = System.getenv(ENDPOINT_VARIABLE);
        return new HubDownloader(URI.create(env == null || env.isBlank() ? DEFAULT_ENDPOINT : env), settings);
    }

    /** What is known of a file before its transfer: size (-1 unknown), the hash that proves it, and of what kind. */
    private record Expected(long size, String hash, Proof proof) {}

    URI url(ModelFile f, String commit) {
        return endpoint.resolve(f.repo() + "/resolve/" + commit + "/" + f.remotePath());
    }

    private String host() {
        return endpoint.getHost();
    }

    /**
     * Downloads one file under {@code root}; returns what the lock file records of it. A complete file
     * already in place is kept only when it matches the source's hash.
     */
    public LockedFile download(ModelFile file, Path root, DownloadListener listener) {
        Path target = root.resolve(file.localPath());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            HubSnapshot snapshot = null;
            Expected expected = null;
            IOException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    if (snapshot == null) {
                        snapshot = snapshot(file, listener);
                    }
                    if (expected == null) {
                        expected = expect(file, snapshot, listener);
                        Optional<LockedFile> kept = keep(target, expected, snapshot);
                        if (kept.isPresent()) {
                            listener.finished(file);
                            return kept.get();
                        }
                    }
                    transfer(file, url(file, snapshot.commit()), part, expected, listener);
                    last = null;
                    break;
                } catch (IOException e) {
                    last = e;
                    if (attempt < ATTEMPTS) {
                        Duration wait = settings.backoff().multipliedBy(1L << (attempt - 1));
                        listener.retrying(file, attempt, ATTEMPTS, DownloadException.reason(e) + "; trying again in "
                                + Math.max(1, wait.toSeconds()) + " s");
                        sleep(wait);
                    }
                }
            }
            if (last != null) {
                long have = Files.isRegularFile(part) ? Files.size(part) : 0;
                throw new DownloadException("downloading " + file.remotePath() + " from " + host() + " failed "
                        + ATTEMPTS + " times (last: " + DownloadException.reason(last) + "); check the network, a "
                        + "proxy or firewall, or set " + ENDPOINT_VARIABLE + " to a reachable mirror, then run the "
                        + "command again" + (have > 0 ? " (it resumes from " + have + " bytes)" : ""), last);
            }
            return verifyAndPlace(file, part, target, expected, snapshot);
        } catch (IOException e) {
            throw new DownloadException("cannot download " + file.remotePath() + " from " + host() + ": "
                    + DownloadException.reason(e) + " (check the network, or set " + ENDPOINT_VARIABLE
                    + " to a reachable mirror)", e);
        }
    }

    private LockedFile verifyAndPlace(ModelFile file, Path part, Path target, Expected expected, HubSnapshot snapshot)
            throws IOException {
        long size = Files.size(part);
        if (expected.size() >= 0 && size != expected.size()) {
            Files.deleteIfExists(part);
            throw new DownloadException(file.remotePath() + " arrived with " + size + " bytes instead of "
                    + expected.size() + "; the partial file was removed, run the command again");
        }
        Digests digests = Digests.of(part);
        if (!digests.match(expected.proof(), expected.hash())) {
            Files.deleteIfExists(part);
            throw new DownloadException(file.remotePath() + " is corrupted: its " + (expected.proof() == Proof.SHA256
                    ? "sha256 is " + digests.sha256() : "git blob id is " + digests.gitBlob()) + " but the source gave "
                    + expected.hash() + "; the bad copy was removed, run the command again");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new LockedFile(size, digests.sha256(), snapshot.commit(), expected.proof());
    }

    /** The file in place, when it is complete and proved; a file taken on trust is fetched again. */
    private static Optional<LockedFile> keep(Path target, Expected expected, HubSnapshot snapshot) throws IOException {
        if (!Files.isRegularFile(target) || expected.proof() == Proof.TRUSTED
                || (expected.size() >= 0 && Files.size(target) != expected.size())) {
            return Optional.empty();
        }
        Digests digests = Digests.of(target);
        return digests.match(expected.proof(), expected.hash())
                ? Optional.of(new LockedFile(Files.size(target), digests.sha256(), snapshot.commit(), expected.proof()))
                : Optional.empty();
    }

    /** The repository at its revision's commit, asked once per repository and revision. */
    private HubSnapshot snapshot(ModelFile file, DownloadListener listener) throws IOException {
        String key = file.repo() + "@" + file.revision();
        HubSnapshot known = snapshots.get(key);
        if (known != null) {
            return known;
        }
        URI api = endpoint.resolve("api/models/" + file.repo() + "/revision/"
                + URLEncoder.encode(file.revision(), StandardCharsets.UTF_8) + "?blobs=true");
        HttpRequest request = HttpRequest.newBuilder(api).GET().timeout(settings.answer()).build();
        HttpResponse<String> r = awaitAnswer(file, listener, () -> client.send(request,
                HttpResponse.BodyHandlers.ofString()));
        HubSnapshot snapshot = r.statusCode() == 200 ? HubSnapshot.parse(r.body())
                .orElse(HubSnapshot.unresolved(file.revision())) : HubSnapshot.unresolved(file.revision());
        snapshots.put(key, snapshot);
        return snapshot;
    }

    /** The size and proving hash of a file: from the listing, else from what a HEAD for it announces. */
    private Expected expect(ModelFile file, HubSnapshot snapshot, DownloadListener listener) throws IOException {
        HubSnapshot.Listed listed = snapshot.files().get(file.remotePath());
        if (listed != null && listed.sha256() != null) {
            return new Expected(listed.size(), listed.sha256(), Proof.SHA256);
        }
        if (listed != null && listed.gitBlob() != null) {
            return new Expected(listed.size(), listed.gitBlob(), Proof.GIT_BLOB);
        }
        if (snapshot.resolved() && listed == null) {
            throw new DownloadException(file.remotePath() + " is not in " + file.repo() + " at commit "
                    + snapshot.commit() + " (" + endpoint + "); check the version and " + ENDPOINT_VARIABLE);
        }
        URI url = url(file, snapshot.commit());
        HttpRequest head = HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(settings.answer()).build();
        HttpResponse<Void> first = awaitAnswer(file, listener, () -> headClient.send(head,
                HttpResponse.BodyHandlers.discarding()));
        boolean redirect = first.statusCode() >= 300 && first.statusCode() < 400;
        HttpResponse<Void> r = redirect && header(first, "x-linked-size").isEmpty()
                ? awaitAnswer(file, listener, () -> client.send(head, HttpResponse.BodyHandlers.discarding())) : first;
        if (r.statusCode() == 404) {
            throw new DownloadException(file.remotePath() + " is not in " + file.repo() + " (HTTP 404) at "
                    + endpoint + "; check the version and " + ENDPOINT_VARIABLE);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new DownloadException(file.repo() + " refused access (HTTP " + r.statusCode()
                    + "); accept the model's licence on the hub or use a mirror");
        }
        if (r.statusCode() >= 400 || (r.statusCode() >= 300 && header(r, "x-linked-size").isEmpty())) {
            throw new IOException("HTTP " + r.statusCode() + " for " + url);
        }
        if (header(r, "x-linked-size").isEmpty() && header(r, "content-type").orElse("").toLowerCase(Locale.ROOT)
                .startsWith("text/html")) {
            throw new DownloadException(url + " answered with a web page, not " + file.remotePath()
                    + ": a login or error page; check " + ENDPOINT_VARIABLE + " and the network");
        }
        long size = header(r, "x-linked-size").or(() -> header(r, "content-length")).map(Long::parseLong).orElse(-1L);
        // huggingface_hub reads the same two headers: X-Linked-Etag is an LFS file's sha256, a small file's
        // ETag its git blob id.
        Optional<String> etag = header(r, "x-linked-etag").or(() -> header(r, "etag"))
                .map(e -> e.replace("\"", "").replace("W/", "").toLowerCase(Locale.ROOT));
        if (etag.filter(e -> e.matches("[0-9a-f]{64}")).isPresent()) {
            return new Expected(size, etag.get(), Proof.SHA256);
        }
        if (etag.filter(e -> e.matches("[0-9a-f]{40}")).isPresent()) {
            return new Expected(size, etag.get(), Proof.GIT_BLOB);
        }
        if (!settings.trustSource()) {
            throw new DownloadException(endpoint.getHost() + " gives no hash for " + file.remotePath()
                    + ", so nothing would prove what arrives; use the hub or a mirror that lists hashes, or pass "
                    + "--trust-source to take it anyway (the lock file records that it was not proved)");
        }
        return new Expected(size, null, Proof.TRUSTED);
    }

    private void transfer(ModelFile file, URI url, Path part, Expected expected, DownloadListener listener)
            throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (expected.size() >= 0 && have > expected.size()) {
            Files.delete(part);
            have = 0;
        }
        if (expected.size() >= 0 && have == expected.size()) {
            return;
        }
        Map<String, String> range = have > 0 ? Map.of("Range", "bytes=" + have + "-") : Map.of();
        long from = have;
        long done;
        try (Transfer t = awaitAnswer(file, listener, () -> Transfer.get(client, url, range, settings.answer(),
                settings.stall()))) {
            boolean resumed = t.status() == 206;
            if (t.status() != 200 && !resumed) {
                throw new IOException("HTTP " + t.status());
            }
            t.requireFile(file.remotePath());
            long start = resumed ? from : 0;
            listener.started(file, start, expected.size());
            StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            long limit = expected.size() >= 0 ? expected.size() - start : Long.MAX_VALUE;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    mode)) {
                done = start + t.copy(out, limit, n -> listener.progressed(start + n));
            }
        }
        if (expected.size() >= 0 && done < expected.size()) {
            throw new IOException("connection closed after " + done + " of " + expected.size() + " bytes");
        }
    }

    private interface Call<T> {
        T run() throws IOException, InterruptedException;
    }

    /**
     * Runs a request whose status line may be slow to come; past a few seconds the listener hears what is
     * awaited, and past the answer time it ends as an IOException naming the host.
     */
    private <T> T awaitAnswer(ModelFile file, DownloadListener listener, Call<T> call) throws IOException {
        long noticeMillis = Math.max(1, Math.min(5_000, settings.answer().toMillis() / 4));
        ScheduledFuture<?> notice = NOTICES.schedule(() -> listener.waiting(file, host(), settings.answer()),
                noticeMillis, TimeUnit.MILLISECONDS);
        try {
            return call.run();
        } catch (HttpTimeoutException e) {
            throw new IOException(host() + " sent no answer in " + settings.answer().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            notice.cancel(false);
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
}
