package io.lipsync.pipeline;

import com.google.gson.Gson;
import io.lipsync.media.MediaException;
import io.lipsync.modelfiles.Digests;
import io.lipsync.util.Folders;
import io.lipsync.util.WorkFiles;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * On-disk cache of a clip's face work, one folder per key (clip content hash + model + settings) holding
 * {@code faces.bin} (fixed-size {@link FaceRecord}s) and {@code meta.json} (frame count, resolution, CRC32).
 * Entries are built in a temporary folder and renamed into place, and are checked against their CRC when
 * opened, so a crash mid-write never yields a corrupt entry. Least recently used entries are evicted
 * beyond the size limit.
 */
public record FaceCache(Path root, long limitBytes) {
    private static final Gson GSON = new Gson();
    private static final String BUILDING = ".building";

    private record Meta(int frames, int resolution, long crc32, int faces) {}

    /** faces/ in the user's cache folder ($XDG_CACHE_HOME/obs-lipsync, else ~/.cache/obs-lipsync). */
    public static Path defaultRoot() {
        return Folders.cache().resolve("faces");
    }

    /**
     * The key of a clip's face work: the clip's content hash plus everything that changes the work (the
     * VAE's and the detector's identities, the resolution, the preprocessing version).
     */
    static String key(Path video, String workId) {
        try {
            MessageDigest sha = Digests.digest("SHA-256");
            Digests.feed(video, sha);
            sha.update(("|" + workId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new MediaException("cannot read " + video + ": " + e.getMessage(), e);
        }
    }

    /** A readable entry, or empty when absent or damaged (a damaged one is removed). */
    Optional<Entry> open(String key, int resolution) {
        Path dir = root.resolve(key);
        Path meta = dir.resolve("meta.json");
        Path data = dir.resolve("faces.bin");
        if (!Files.isRegularFile(meta) || !Files.isRegularFile(data)) {
            return Optional.empty();
        }
        try {
            Meta m = GSON.fromJson(Files.readString(meta), Meta.class);
            if (m == null || m.resolution() != resolution
                    || Files.size(data) != (long) m.frames() * FaceRecord.bytes(resolution)
                    || crc(data, m.frames(), m.resolution(), m.faces()) != m.crc32()) {
                delete(dir);
                return Optional.empty();
            }
            Files.setLastModifiedTime(meta, FileTime.from(Instant.now()));
            return Optional.of(new Entry(data, m.frames(), resolution, m.faces()));
        } catch (IOException | RuntimeException e) {
            delete(dir);
            return Optional.empty();
        }
    }

    /** Starts a new entry; records are appended in frame order, then {@link Builder#commit()}. */
    Builder build(String key, int resolution) {
        try {
            Files.createDirectories(root);
            WorkFiles.sweepAbandoned(root);
            Path dir = WorkFiles.createFolder(root, BUILDING);
            return new Builder(key, dir, resolution);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
    }

    private UserError cannotWrite(IOException e) {
        return new UserError("cannot write the face cache under " + root + ": " + e.getMessage(),
                "free some disk space there, or give --cache a folder on another disk", e);
    }

    /** A finished entry, read record by record. */
    final class Entry implements FaceRecords {
        private final RandomAccessFile file;
        private final int frames;
        private final int resolution;
        private final int faces;

        private Entry(Path data, int frames, int resolution, int faces) throws IOException {
            this.file = new RandomAccessFile(data.toFile(), "r");
            this.frames = frames;
            this.resolution = resolution;
            this.faces = faces;
        }

        int frames() {
            return frames;
        }

        @Override
        public int faces() {
            return faces;
        }

        @Override
        public FaceRecord get(int index) {
            return readRecord(file, index, resolution);
        }

        @Override
        public void close() {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /** Writes a new entry in a temporary folder. */
    final class Builder implements AutoCloseable {
        private final String key;
        private final Path dir;
        private final int resolution;
        private final RandomAccessFile file;
        private int frames;
        private int faces;
        private boolean committed;

        private Builder(String key, Path dir, int resolution) throws IOException {
            this.key = key;
            this.dir = dir;
            this.resolution = resolution;
            this.file = new RandomAccessFile(dir.resolve("faces.bin").toFile(), "rw");
        }

        void append(FaceRecord record) {
            ByteBuffer b = ByteBuffer.allocate(FaceRecord.bytes(resolution)).order(ByteOrder.LITTLE_ENDIAN);
            record.write(b, resolution);
            try {
                file.seek((long) frames * b.capacity());
                file.write(b.array());
            } catch (IOException e) {
                throw cannotWrite(e);
            }
            frames++;
            if (record.hasFace()) {
                faces++;
            }
        }

        /** A record already appended. */
        FaceRecord get(int index) {
            if (index >= frames) {
                throw new IllegalArgumentException("frame " + index + " is not analysed yet");
            }
            return readRecord(file, index, resolution);
        }

        int faces() {
            return faces;
        }

        /** Moves the entry into place and opens it; evicts old entries beyond the limit. */
        Entry commit() {
            try {
                file.close();
                Path data = dir.resolve("faces.bin");
                Files.writeString(dir.resolve("meta.json"), GSON.toJson(new Meta(frames, resolution,
                        crc(data, frames, resolution, faces), faces)));
                Path target = root.resolve(key);
                delete(target);
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                WorkFiles.done(dir);
                evict(target);
                return open(key, resolution).orElseThrow(() -> new IOException("the new cache entry is unreadable"));
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // removed below
                }
                WorkFiles.discard(dir);
            }
        }
    }

    /**
     * Removes least recently used entries until the cache fits its limit, keeping {@code keep}. Entries
     * being built (by this or another render) count towards the limit but are not removed.
     */
    private void evict(Path keep) throws IOException {
        List<Path> entries = new ArrayList<>();
        long total = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                total += size(p);
                if (!p.getFileName().toString().startsWith(".")) {
                    entries.add(p);
                }
            }
        }
        entries.sort(Comparator.comparing(FaceCache::lastUsed));
        for (Path p : entries) {
            if (total <= limitBytes) {
                break;
            }
            if (!p.equals(keep)) {
                total -= size(p);
                delete(p);
            }
        }
    }

    private static FaceRecord readRecord(RandomAccessFile file, int index, int resolution) {
        byte[] bytes = new byte[FaceRecord.bytes(resolution)];
        try {
            file.seek((long) index * bytes.length);
            file.readFully(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FaceRecord.read(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), resolution);
    }

    private static FileTime lastUsed(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve("meta.json"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** CRC32 of the whole entry: the records, then the counts meta.json states about them. */
    private static long crc(Path file, int frames, int resolution, int faces) throws IOException {
        CRC32 crc = new CRC32();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        crc.update((frames + "|" + resolution + "|" + faces).getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static void delete(Path dir) {
        WorkFiles.delete(dir);
    }
}
