package io.lipsync.modelfiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file's sha256 and git blob id, read in one pass; and the file reading every digest of a file shares. */
public record Digests(String sha256, String gitBlob) {

    public static Digests of(Path file) throws IOException {
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest blob = digest("SHA-1");
        blob.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
        feed(file, sha256, blob);
        return new Digests(HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(blob.digest()));
    }

    /** The file's sha256 in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha256 = digest("SHA-256");
        feed(file, sha256);
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Reads {@code file} once into each of {@code digests}. */
    public static void feed(Path file, MessageDigest... digests) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (MessageDigest d : digests) {
                    d.update(buffer, 0, n);
                }
            }
        }
    }

    /** Whether these digests match what {@code proof} says the file's hash is. */
    boolean match(Proof proof, String expected) {
        return switch (proof) {
            case SHA256 -> sha256.equals(expected);
            case GIT_BLOB -> gitBlob.equals(expected);
            case TRUSTED -> true;
        };
    }

    public static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
