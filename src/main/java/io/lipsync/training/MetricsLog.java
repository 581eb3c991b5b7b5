package io.lipsync.training;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training run's metrics, one JSON object per line ({@code {"step": N, "kind": "train"|"val", ...}}),
 * appended and flushed as they come, so a crash loses nothing already written. On resume from step N the
 * lines past N (written after the checkpoint) are dropped, so the log tells one consistent history.
 */
public final class MetricsLog {
    private static final Gson GSON = new Gson();
    private final Path file;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Keeps only the lines of steps up to {@code step}. */
    public void truncateAfter(long step) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (JsonObject line : read()) {
            if (line.get("step").getAsLong() <= step) {
                kept.append(GSON.toJson(line)).append('\n');
            }
        }
        AtomicFiles.write(file, kept.toString());
    }

    public void append(long step, String kind, Map<String, ? extends Number> values) {
        JsonObject line = new JsonObject();
        line.addProperty("step", step);
        line.addProperty("kind", kind);
        values.forEach((k, v) -> line.addProperty(k, Double.isFinite(v.doubleValue()) ? v : null));
        try {
            Files.writeString(file, GSON.toJson(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    public List<JsonObject> read() throws IOException {
        List<JsonObject> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (RuntimeException torn) {
                // a line cut by a crash mid-write: the lines before it stand
            }
        }
        return out;
    }
}
