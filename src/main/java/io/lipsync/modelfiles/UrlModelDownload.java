package io.lipsync.modelfiles;

import io.lipsync.util.WorkFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Fetches a model file published at a plain address rather than on the hub: FID's Inception, on pytorch-fid's
 * release page. Its name carries the start of its sha256 (torch hub's convention, which torch checks too), so
 * the file is checked against that; it is streamed to a temporary file, hashed on the way, and moved into
 * place atomically. A file already in place that passes the check is kept.
 */
public final class UrlModelDownload {
    /** A file: its address, the start of its sha256, where it goes under the checkpoints folder, and its role. */
    public record File(URI url, String sha256Prefix, String localPath, String role) {}

    /** Larger than any file fetched this way; a hostile server is cut off here. */
    private static final long MAX_FILE = 512L << 20;

    private UrlModelDownload() {}

    /** Puts {@code file} under {@code root} (or keeps the checked copy there); returns its path. */
    public static Path fetch(File file, Path root) {
        return fetch(file, root, Transfer.DEFAULT_STALL);
    }

    static Path fetch(File file, Path root, Duration stall) {
        Path target = root.resolve(file.localPath());
        try {
            if (Files.isRegularFile(target) && Digests.sha256(target).startsWith(file.sha256Prefix())) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            WorkFiles.register(tmp);
            try {
                HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(20)).build();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (Transfer t = Transfer.get(client, file.url(), Map.of(), stall);
                        OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                    if (t.status() != 200) {
                        throw new DownloadException(file.url() + " answered HTTP " + t.status());
                    }
                    t.requireFile("the " + file.role() + " weights");
                    t.copy(out, MAX_FILE, n -> { });
                }
                String hex = HexFormat.of().formatHex(sha.digest());
                if (!hex.startsWith(file.sha256Prefix())) {
                    throw new DownloadException(file.url() + " is not the expected file (sha256 " + hex + ", expected "
                            + "it to start with " + file.sha256Prefix() + "); run the command again or give a mirror");
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return target;
            } finally {
                WorkFiles.discard(tmp);
            }
        } catch (IOException e) {
            String why = DownloadException.reason(e);
            throw new DownloadException("cannot fetch " + file.url() + ": " + why, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
