package io.lipsync.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data pipeline's state: one JSON line per {@link ManifestRow}. A source's rows are appended together
 * once the source is finished, so a crash loses at most the sources in flight, and a re-run skips every
 * source that has rows.
 */
public final class Manifest {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    private final Path file;

    public Manifest(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** One row as the manifest stores it. */
    public static String toJson(ManifestRow row) {
        return GSON.toJson(row);
    }

    public static ManifestRow fromJson(String line) {
        return GSON.fromJson(line, ManifestRow.class);
    }

    public synchronized void append(List<ManifestRow> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(toJson(r)).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Replaces every row at once (the file is swapped in whole, never left half written). */
    public synchronized void rewrite(List<ManifestRow> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(toJson(r)).append('\n'));
        try {
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public List<ManifestRow> read() {
        List<ManifestRow> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(fromJson(line));
                } catch (RuntimeException torn) {
                    // a line cut by a crash: its source has no complete block and is done again
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }

    /** The sources already finished. */
    public Set<String> finishedSources() {
        return read().stream().map(ManifestRow::sourceId).collect(Collectors.toSet());
    }
}
