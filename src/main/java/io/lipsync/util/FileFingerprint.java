package io.lipsync.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a model file (or every file of a model folder) holds, cheaply: SHA-256 over each file's name, size,
 * and its first, middle and last 4 MiB. Two different weight files differ in all three places, so this
 * tells them apart in milliseconds where hashing a 5 GB U-Net whole would take a minute.
 */
public final class FileFingerprint {
    private static final int SAMPLE = 4 << 20;

    private FileFingerprint() {}

    /** 16 hex digits identifying the content of {@code path} (a file, or a folder's regular files). */
    public static String of(Path path) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(path);
            }
            for (Path f : files) {
                sha.update((path.relativize(f) + "|" + Files.size(f) + "|").getBytes(StandardCharsets.UTF_8));
                sample(f, sha);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sample(Path file, MessageDigest sha) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buffer = ByteBuffer.allocate(SAMPLE);
            for (long start : new long[] {0, Math.max(0, size / 2 - SAMPLE / 2), Math.max(0, size - SAMPLE)}) {
                buffer.clear();
                while (buffer.hasRemaining() && ch.read(buffer, start + buffer.position()) > 0) {
                    // keep reading until the sample is full or the file ends
                }
                buffer.flip();
                sha.update(buffer);
            }
        }
    }
}
