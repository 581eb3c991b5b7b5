package io.lipsync.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The data pipeline's state: one JSON line per {@link ManifestRow}. A source's rows are appended together
 * once the source is finished, so a crash loses at most the sources in flight, and a re-run skips every
 * source that has rows.
 */
public record Manifest(Path file) {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    /** One row as the manifest stores it: one flat JSON object, every column named. */
    public static String toJson(ManifestRow row) {
        ManifestRow.Cut c = row.cut();
        ManifestRow.Verdict v = row.verdict();
        ManifestRow.Scores s = row.scores();
        Object[] columns = {"source", row.source(), "sourceId", row.sourceId(), "shot", c.shot(), "cut", c.number(),
            "startFrame", c.startFrame(), "endFrame", c.endFrame(), "startSeconds", c.startSeconds(),
            "endSeconds", c.endSeconds(), "faceFrames", c.faceFrames(), "status", v.status(),
            "droppedBy", v.droppedBy(), "reason", v.reason(), "clip", v.clip(), "syncOffset", s.syncOffset(),
            "syncConfidence", s.syncConfidence(), "quality", s.quality(), "notes", row.notes()};
        JsonObject o = new JsonObject();
        for (int i = 0; i < columns.length; i += 2) {
            o.add((String) columns[i], GSON.toJsonTree(columns[i + 1]));
        }
        return GSON.toJson(o);
    }

    /** A row back from its line; manifests written before the cut had its name call its number "segment". */
    public static ManifestRow fromJson(String line) {
        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
        ManifestRow.Cut cut = new ManifestRow.Cut(o.get("shot").getAsInt(),
                (o.has("cut") ? o.get("cut") : o.get("segment")).getAsInt(), o.get("startFrame").getAsInt(),
                o.get("endFrame").getAsInt(), o.get("startSeconds").getAsDouble(), o.get("endSeconds").getAsDouble(),
                o.get("faceFrames").getAsInt());
        ManifestRow.Verdict verdict = new ManifestRow.Verdict(text(o, "status"), text(o, "droppedBy"), text(o, "reason"),
                text(o, "clip"));
        ManifestRow.Scores scores = new ManifestRow.Scores(number(o, "syncOffset"), number(o, "syncConfidence"),
                number(o, "quality"));
        return new ManifestRow(text(o, "source"), text(o, "sourceId"), cut, verdict, scores, text(o, "notes"));
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static Double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsDouble();
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
