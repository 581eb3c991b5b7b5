package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.testing.CliProcess;
import io.lipsync.testing.FakeObs;
import io.lipsync.testing.SharedFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon, stopped (SIGKILL, Ctrl-C) while a job streams into the scene, then started again. */
class DaemonKillTest {
    private static final String CLIP = "Avatar";
    private static final String RESULT = CLIP + " (lip-sync)";

    @TempDir
    Path dir;

    private Path clip;
    private Path voice;

    @BeforeEach
    void media() throws IOException {
        clip = Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), dir.resolve("clip.mp4"));
        voice = Files.copy(SharedFixtures.media().resolve("voice-long.mp3"), dir.resolve("voice.mp3"));
    }

    private Process daemon(FakeObs obs, String name) throws IOException {
        return CliProcess.start(dir.resolve("tmp"), dir.resolve(name + ".log"), "daemon", "--obs", obs.uri(),
                "--http-port", String.valueOf(FakeObs.freePort()), "--state", dir.resolve("state").toString(),
                "--config", dir.resolve("none.json").toString(), "--cache", dir.resolve("cache").toString(),
                "--steps", "1");
    }

    /**
     * Killed mid-stream, the daemon leaves the result source playing a stream from a server that is gone.
     * The next start puts the last take back (here none: the clip itself) as soon as OBS is attached, even
     * when the resumed job cannot render (its voice was moved away meanwhile), so nothing in the scene points
     * at a stream or file that does not exist.
     */
    @Test
    void aDaemonKilledMidStreamLeavesNothingInTheSceneThatIsGone() throws Exception {
        try (FakeObs obs = new FakeObs(null).start()) {
            Path firstLog = dir.resolve("first.log");
            Process first = streaming(obs, firstLog);
            first.destroyForcibly();
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "killed");
            String stream = obs.settings(RESULT).get("input").getAsString();
            assertThrows(IOException.class, () -> get(stream), "the stream died with the daemon");

            Files.move(voice, dir.resolve("voice-moved-away.mp3"));
            Path secondLog = dir.resolve("second.log");
            Process second = daemon(obs, "second");
            try {
                CliProcess.await("the resumed job over", () -> CliProcess.contains(secondLog, "no longer exists"),
                        second, secondLog);
                CliProcess.await("the last take back", () -> isLocalFile(obs.settings(RESULT)), second, secondLog);
                assertEquals(clip.toString(), obs.settings(RESULT).get("local_file").getAsString(),
                        "no take was finished: the clip itself plays");
                for (String input : java.util.List.of(CLIP, RESULT)) { // the voice source is the user's, moved by hand
                    JsonObject s = obs.settings(input);
                    if (isLocalFile(s)) {
                        assertTrue(Files.isRegularFile(Path.of(s.get("local_file").getAsString())), input + ": " + s);
                    } else {
                        assertFalse(s.has("input"), input + " plays a stream: " + s);
                    }
                }
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Ctrl-C while a job renders: the job lets go of the networks at its next check point, unfinished and not
     * failed, so the daemon ends with status 0 without a JVM crash at exit; the journal keeps the job, and the
     * next start finishes it and puts its file in the scene.
     */
    @Test
    void ctrlCMidJobEndsAtOnceAndTheNextStartFinishesTheJob() throws Exception {
        try (FakeObs obs = new FakeObs(null).start()) {
            Path firstLog = dir.resolve("first.log");
            Process first = streaming(obs, firstLog);
            CliProcess.interrupt(first);
            // Within the stop's 30 s grace, so the job let go by itself (the exit did not give up on it).
            assertTrue(first.waitFor(29, TimeUnit.SECONDS), "stopped");
            String said = Files.readString(firstLog);
            assertEquals(0, first.exitValue(), said);
            assertTrue(said.contains("unfinished jobs resume"), said);
            assertFalse(said.contains("'" + CLIP + "' done") || said.contains("'" + CLIP + "' failed"),
                    "the job was left, neither finished nor failed: " + said);
            CliProcess.assertNoCrash(firstLog, dir.resolve("tmp"));

            Path secondLog = dir.resolve("second.log");
            Process second = daemon(obs, "second");
            try {
                CliProcess.await("the resumed job's file in the scene", () -> isLocalFile(obs.settings(RESULT))
                        && !clip.toString().equals(obs.settings(RESULT).get("local_file").getAsString()), second,
                        secondLog);
                assertTrue(Files.isRegularFile(Path.of(obs.settings(RESULT).get("local_file").getAsString())));
                assertTrue(CliProcess.contains(secondLog, "resumed"), Files.readString(secondLog));
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A daemon ("first", logging to {@code log}) attached to {@code obs}, where the clip and its voice are media
     * sources in "Scene", and the script's hotkey pressed on the clip: returned once the job's live stream is in
     * the scene.
     */
    private Process streaming(FakeObs obs, Path log) throws Exception {
        JsonObject clipSettings = new JsonObject();
        clipSettings.addProperty("local_file", clip.toString());
        int item = obs.addInput("Scene", CLIP, "ffmpeg_source", clipSettings);
        JsonObject voiceSettings = new JsonObject();
        voiceSettings.addProperty("local_file", voice.toString());
        obs.addInput("Scene", CLIP + " voice", "ffmpeg_source", voiceSettings);
        Process first = daemon(obs, "first");
        CliProcess.await("the daemon attached", obs::hasClient, first, log);
        JsonObject event = new JsonObject();
        event.addProperty("scene", "Scene");
        event.addProperty("sceneItemId", item);
        event.addProperty("source", CLIP);
        event.addProperty("origin", "hotkey");
        obs.emitVendorEvent(Trigger.SCRIPT_VENDOR, "lipsync", event);
        CliProcess.await("the live stream in the scene", () -> obs.inputNames().contains(RESULT)
                && !isLocalFile(obs.settings(RESULT)), first, log);
        return first;
    }

    private static boolean isLocalFile(JsonObject settings) {
        return !settings.has("is_local_file") || settings.get("is_local_file").getAsBoolean();
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
