package io.lipsync.modelfiles;

import io.lipsync.util.WorkFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    /** Larger than any archive or model entry this project fetches; a hostile server is cut off here. */
    private static final long MAX_ARCHIVE = 1L << 30;
    private static final long MAX_ENTRY = 256L << 20;

    /** Puts every entry under {@code root} unless all are already there; returns the entries' paths. */
    public static List<Path> fetch(Archive archive, Path root) {
        return fetch(archive, root, Transfer.DEFAULT_STALL);
    }

    static List<Path> fetch(Archive archive, Path root, Duration stall) {
        List<Path> targets = archive.entries().stream().map(e -> root.resolve(e.localPath())).toList();
        if (targets.stream().allMatch(Files::isRegularFile)) {
            return targets;
        }
        Path zip = null;
        try {
            Files.createDirectories(root);
            zip = Files.createTempFile(root, ".archive", ".zip.part");
            WorkFiles.register(zip);
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            try (Transfer t = Transfer.get(client, archive.url(), Map.of(), stall);
                    OutputStream out = Files.newOutputStream(zip)) {
                if (t.status() != 200) {
                    throw new DownloadException(archive.url() + " answered HTTP " + t.status());
                }
                t.requireFile("a zip archive");
                t.copy(out, MAX_ARCHIVE, n -> { });
            }
            try (ZipFile file = new ZipFile(zip.toFile())) {
                for (Entry e : archive.entries()) {
                    extract(file, e, root.resolve(e.localPath()), archive.url());
                }
            }
            return targets;
        } catch (IOException e) {
            String why = DownloadException.reason(e);
            throw new DownloadException("cannot fetch " + archive.url() + ": " + why + " (--insightface-url takes a "
                    + "mirror)", e);
        } finally {
            if (zip != null) {
                WorkFiles.discard(zip);
            }
        }
    }

    /** Streams one entry to disk, hashing as it goes (never whole in memory), and moves it into place. */
    private static void extract(ZipFile zip, Entry entry, Path target, URI url) throws IOException {
        ZipEntry found = zip.stream().filter(z -> !z.isDirectory()
                && (z.getName().equals(entry.name()) || z.getName().endsWith("/" + entry.name()))).findFirst()
                .orElseThrow(() -> new DownloadException(url + " has no " + entry.name()));
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        WorkFiles.register(tmp);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = zip.getInputStream(found); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > MAX_ENTRY) {
                        throw new DownloadException(entry.name() + " in " + url + " is larger than " + MAX_ENTRY
                                + " bytes, so it is not the expected file; refused");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String hex = HexFormat.of().formatHex(sha.digest());
            if (!hex.equals(entry.sha256())) {
                throw new DownloadException(entry.name() + " from " + url + " is not the expected file (sha256 " + hex
                        + ", expected " + entry.sha256() + "); run the command again");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            WorkFiles.discard(tmp);
        }
    }
}
