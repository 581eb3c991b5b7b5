package io.lipsync.modelfiles;

import io.lipsync.util.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A checkpoints folder and its record file {@code latentsync.json}: which version was downloaded and the
 * size and sha256 of every file, so later checks know what to expect.
 */
public final class CheckpointFolder {
    public static final String RECORD = "latentsync.json";

    /** One downloaded file's size and hash. */
    public record FileRecord(long size, String sha256) {}

    /** What {@code latentsync.json} holds. */
    public record Record(String version, Map<String, FileRecord> files) {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path root;

    public CheckpointFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path unet() {
        return root.resolve(ModelCatalog.UNET);
    }

    public Path whisper() {
        return root.resolve(ModelCatalog.WHISPER);
    }

    public Path vae() {
        return root.resolve(ModelCatalog.VAE_DIR);
    }

    public Optional<Record> record() {
        Path file = root.resolve(RECORD);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file), Record.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The version recorded by the last download, else the default version. */
    public String version() {
        return record().map(Record::version).orElse(ModelCatalog.DEFAULT_VERSION);
    }

    /** Adds one file to the record, written atomically. */
    public synchronized void remember(String version, String localPath, long size, String sha256) throws IOException {
        Map<String, FileRecord> files = new LinkedHashMap<>();
        record().filter(r -> r.version().equals(version) && r.files() != null).ifPresent(r -> files.putAll(r.files()));
        files.put(localPath, new FileRecord(size, sha256));
        AtomicFiles.write(root.resolve(RECORD), GSON.toJson(new Record(version, files)));
    }
}
