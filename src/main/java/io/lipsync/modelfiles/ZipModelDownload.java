package io.lipsync.modelfiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Fetches model files that come inside a zip archive: the archive is downloaded to a temporary file, the
 * wanted entries are taken out, each checked against its sha256, and moved into place atomically.
 * InsightFace's buffalo_l models, which upstream's face stage uses, come this way from InsightFace's
 * release page.
 */
public final class ZipModelDownload {
    /** An entry to take out of the archive, its sha256, and where it goes under the checkpoints folder. */
    public record Entry(String name, String sha256, String localPath) {}

    /** An archive and the entries wanted from it. */
    public record Archive(URI url, List<Entry> entries) {}

    private ZipModelDownload() {}

    /** The same archive from another address (a mirror). */
    public static Archive from(Archive archive, URI url) {
        return new Archive(url, archive.entries());
    }

    /** Puts every entry under {@code root} unless all are already there; returns the entries' paths. */
    public static List<Path> fetch(Archive archive, Path root) {
        List<Path> targets = archive.entries().stream().map(e -> root.resolve(e.localPath())).toList();
        if (targets.stream().allMatch(Files::isRegularFile)) {
            return targets;
        }
        Path zip = null;
        try {
            Files.createDirectories(root);
            zip = Files.createTempFile(root, ".archive", ".zip.part");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(archive.url()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new DownloadException(archive.url() + " answered HTTP " + r.statusCode());
            }
            try (InputStream in = r.body()) {
                Files.copy(in, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile file = new ZipFile(zip.toFile())) {
                for (Entry e : archive.entries()) {
                    extract(file, e, root.resolve(e.localPath()), archive.url());
                }
            }
            return targets;
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new DownloadException("cannot fetch " + archive.url() + ": " + why + " (--insightface-url takes a "
                    + "mirror)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("interrupted while fetching " + archive.url(), e);
        } finally {
            if (zip != null) {
                try {
                    Files.deleteIfExists(zip);
                } catch (IOException ignored) {
                    // a hidden leftover is never read
                }
            }
        }
    }

    private static void extract(ZipFile zip, Entry entry, Path target, URI url) throws IOException {
        ZipEntry found = zip.stream().filter(z -> !z.isDirectory()
                && (z.getName().equals(entry.name()) || z.getName().endsWith("/" + entry.name()))).findFirst()
                .orElseThrow(() -> new DownloadException(url + " has no " + entry.name()));
        byte[] content;
        try (InputStream in = zip.getInputStream(found)) {
            content = in.readAllBytes();
        }
        String sha = sha256(content);
        if (!sha.equals(entry.sha256())) {
            throw new DownloadException(entry.name() + " from " + url + " is not the expected file (sha256 " + sha
                    + ", expected " + entry.sha256() + "); run the command again");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
