package io.lipsync.modelfiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One HTTP GET under the stall rule every download follows: a server that sends no answer, or no new
 * byte, for the stall time is dropped (the caller retries or resumes); a web page (HTML: a login, error or
 * captive-portal page) is never taken for a model file.
 */
final class Transfer implements AutoCloseable {
    /** How long a download may go without a byte before it is dropped. */
    static final Duration DEFAULT_STALL = Duration.ofSeconds(60);

    private final HttpResponse<InputStream> response;
    private final InputStream body;
    private final ScheduledExecutorService watchdog;
    private final AtomicLong lastData = new AtomicLong(System.nanoTime());
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final Duration stall;

    private Transfer(HttpResponse<InputStream> response, Duration stall) {
        this.response = response;
        this.body = response.body();
        this.stall = stall;
        // HttpClient has no read timeout for bodies: a watchdog closes a stream that has stopped delivering.
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, stall.toMillis() / 4);
        watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastData.get() > stall.toNanos() && !stalled.getAndSet(true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reading thread sees the failure
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Sends the GET; waits at most {@code stall} for the answer's headers. */
    static Transfer get(HttpClient client, URI url, Map<String, String> headers, Duration stall) throws IOException {
        return get(client, url, headers, stall, stall);
    }

    /** Sends the GET; waits at most {@code answer} for its status line, then {@code stall} for each byte. */
    static Transfer get(HttpClient client, URI url, Map<String, String> headers, Duration answer, Duration stall)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(answer);
        headers.forEach(request::header);
        try {
            return new Transfer(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()), stall);
        } catch (HttpTimeoutException e) {
            throw new IOException(url.getHost() + " sent no answer for " + answer.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    int status() {
        return response.statusCode();
    }

    Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** Refuses an answer that is a web page rather than a file. */
    void requireFile(String what) {
        String type = header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/html") || type.startsWith("application/xhtml")) {
            throw new DownloadException(response.uri() + " answered with a web page (" + type + "), not " + what
                    + ": a login, error or captive-portal page; check the address, the mirror and the network");
        }
    }

    /** Copies the body to {@code out}, at most {@code limit} bytes; returns the bytes copied. */
    long copy(OutputStream out, long limit, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        int n;
        try {
            while ((n = body.read(buffer)) > 0) {
                lastData.set(System.nanoTime());
                done += n;
                if (done > limit) {
                    throw new DownloadException(response.uri() + " sent more than the " + limit
                            + " bytes the file can have; refused");
                }
                out.write(buffer, 0, n);
                progress.accept(done);
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("no data for " + stall.toSeconds() + " s after " + done + " bytes", e);
            }
            throw e;
        }
        if (stalled.get()) {
            throw new IOException("the transfer stalled after " + done + " bytes");
        }
        return done;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }
}
