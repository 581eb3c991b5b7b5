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
 * A checkpoints folder and its lock file {@code latentsync.json}: which version was downloaded and, for
 * every file, its size, sha256, the commit it came from and what proved it, so later checks know what to
 * expect.
 */
public record CheckpointFolder(Path root) {
    public static final String RECORD = "latentsync.json";

    /** What {@code latentsync.json} holds. */
    public record Record(String version, Map<String, LockedFile> files) {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

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

    /** Adds one file to the lock file, written atomically. */
    public synchronized void remember(String version, String localPath, LockedFile file) throws IOException {
        Map<String, LockedFile> files = new LinkedHashMap<>();
        record().filter(r -> r.version().equals(version) && r.files() != null).ifPresent(r -> files.putAll(r.files()));
        files.put(localPath, file);
        AtomicFiles.write(root.resolve(RECORD), GSON.toJson(new Record(version, files)));
    }
}
