package io.lipsync.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What makes oneDNN choose its kernels on this machine: the CPU's identity, its instruction-set flags and
 * its cache sizes (oneDNN sizes its blocking by them). Two machines with the same signature get the same
 * kernels, so a verdict is kept per signature.
 */
public record CpuSignature(String description, String hash) {

    public static CpuSignature ofThisMachine() {
        return of(read(Path.of("/proc/cpuinfo")), caches(Path.of("/sys/devices/system/cpu/cpu0/cache")),
                System.getProperty("os.arch"));
    }

    /** From the text of /proc/cpuinfo (its first processor), the cache sizes the kernel lists, and the JVM's arch. */
    static CpuSignature of(String cpuinfo, String caches, String arch) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank() && !first.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String flags = String.join(" ", new TreeSet<>(List.of(first.getOrDefault("flags", "").split("\\s+"))));
        String identity = String.join("|", arch, first.getOrDefault("vendor_id", "?"),
                first.getOrDefault("cpu family", "?"), first.getOrDefault("model", "?"),
                first.getOrDefault("stepping", "?"), first.getOrDefault("model name", "?"),
                first.getOrDefault("cache size", "?"), caches, flags);
        String description = first.getOrDefault("model name", arch) + " (family " + first.getOrDefault("cpu family", "?")
                + ", model " + first.getOrDefault("model", "?") + ")";
        return new CpuSignature(description, sha256(identity).substring(0, 16));
    }

    private static String caches(Path folder) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            Path index = folder.resolve("index" + i);
            if (Files.isDirectory(index)) {
                out.append(read(index.resolve("level")).strip()).append(read(index.resolve("type")).strip())
                        .append('=').append(read(index.resolve("size")).strip()).append(' ');
            }
        }
        return out.toString().strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
