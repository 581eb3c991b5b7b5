package io.lipsync.obs.daemon;

import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.lipsync.obs.Clip;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;
import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs not finished yet, on disk, so a daemon that stops or crashes mid-job picks them up again on its
 * next start. Rewritten atomically (temp file + rename) on every change: a crash leaves the old or the new
 * list, never half of one.
 */
final class JobJournal {
    private final Path file;

    JobJournal(Path file) {
        this.file = file;
    }

    synchronized void save(List<Job> unfinished) {
        JsonArray jobs = new JsonArray();
        for (Job job : unfinished) {
            JsonObject o = write(job.spec());
            o.addProperty("wasRunning", job.state() == JobState.RUNNING);
            jobs.add(o);
        }
        try {
            AtomicFiles.write(file, jobs.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the job journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** A job read back, and whether it was running when the daemon stopped. */
    record Entry(JobSpec spec, boolean wasRunning) {}

    /** The jobs left by the last run; an unreadable journal is reported and set aside, never fatal. */
    List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (JsonElement e : JsonParser.parseString(Files.readString(file)).getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                entries.add(new Entry(read(o), o.get("wasRunning").getAsBoolean()));
            }
            return entries;
        } catch (IOException | JsonParseException | IllegalStateException | NullPointerException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // nothing more to save
            }
            throw new IllegalStateException("the job journal was unreadable and was moved to " + aside, e);
        }
    }

    private static JsonObject write(JobSpec spec) {
        JsonObject o = new JsonObject();
        o.addProperty("id", spec.id());
        o.addProperty("action", spec.action().name());
        o.addProperty("scene", spec.clip().scene());
        o.addProperty("sceneItemId", spec.clip().sceneItemId());
        o.addProperty("source", spec.clip().source());
        o.addProperty("inputKind", spec.clip().inputKind());
        o.addProperty("clipFile", spec.clip().file().toString());
        o.addProperty("still", spec.clip().still());
        o.addProperty("voiceFile", spec.voice().file().toString());
        o.addProperty("voiceFoundBy", spec.voice().foundBy());
        o.addProperty("placement", spec.placement().name());
        if (spec.choices().preset() != null) {
            o.addProperty("preset", spec.choices().preset().label());
        }
        o.addProperty("face", spec.choices().face().toString());
        o.addProperty("origin", spec.origin());
        o.addProperty("created", spec.createdMillis());
        return o;
    }

    private static JobSpec read(JsonObject o) {
        Clip clip = new Clip(o.get("scene").getAsString(), o.get("sceneItemId").getAsInt(),
                o.get("source").getAsString(), o.get("inputKind").getAsString(), Path.of(o.get("clipFile").getAsString()),
                o.get("still").getAsBoolean());
        Voice voice = new Voice(Path.of(o.get("voiceFile").getAsString()), o.get("voiceFoundBy").getAsString());
        return new JobSpec(o.get("id").getAsString(), Trigger.Action.valueOf(o.get("action").getAsString()), clip, voice,
                Placement.valueOf(o.get("placement").getAsString()),
                new JobChoices(o.has("preset") ? Preset.parse(o.get("preset").getAsString()) : null,
                        FaceChoice.parse(o.has("face") ? o.get("face").getAsString() : null)), o.get("origin").getAsString(),
                o.get("created").getAsLong());
    }
}
