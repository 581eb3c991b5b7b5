package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;
import io.lipsync.obs.ObsException;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import io.lipsync.media.MediaProbe;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.obs.dock.DockServer;
import io.lipsync.testing.FakeObs;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TinyEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The daemon against an in-process obs-websocket server, rendering with the tiny models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonTest {
    private static final String PASSWORD = "correct horse";
    private static final String CLIP = "Avatar";

    private Path dir;

    private LoadedRenderer engine;
    private Path clip;
    private Path voice;
    private Path otherVoice;

    @BeforeAll
    void load(@TempDir Path shared) throws Exception {
        Path media = SharedFixtures.media();
        engine = TinyEngine.load(shared.resolve("faces"));
        clip = Files.copy(media.resolve("face-clip.mp4"), shared.resolve("clip.mp4"));
        voice = Files.copy(media.resolve("voice-en.wav"), shared.resolve("voice.wav"));
        otherVoice = Files.copy(media.resolve("voice-zh.m4a"), shared.resolve("voice-2.m4a"));
    }

    @AfterAll
    void free() {
        engine.close();
    }

    private FakeObs obs;

    @BeforeEach
    void scene(@TempDir Path perTest) {
        dir = perTest;
        obs = new FakeObs(PASSWORD);
    }

    private DaemonSettings settings(FakeObs server, String password) {
        return new DaemonSettings(new ObsEndpoint(URI.create(server.uri()), password), dir.resolve("state"),
                new DaemonSettings.Dock(0, "tok3n-for-the-dock-tests"), new DaemonSettings.Results(Placement.ADD, null),
                new DaemonSettings.Sampling(new DenoiseOptions(1, 1.5f, true, 3), 7, 256),
                new DaemonSettings.Timing(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400)));
    }

    private int addClipAndVoice() {
        JsonObject clipSettings = new JsonObject();
        clipSettings.addProperty("local_file", clip.toString());
        clipSettings.addProperty("looping", true);
        int item = obs.addInput("Scene", CLIP, "ffmpeg_source", clipSettings);
        JsonObject transform = obs.item("Scene", CLIP).transform;
        transform.addProperty("positionX", 320.0);
        transform.addProperty("positionY", 40.0);
        transform.addProperty("scaleX", 0.5);
        transform.addProperty("cropLeft", 12);
        JsonObject voiceSettings = new JsonObject();
        voiceSettings.addProperty("local_file", voice.toString());
        obs.addInput("Scene", CLIP + " voice", "ffmpeg_source", voiceSettings);
        JsonObject other = new JsonObject();
        other.addProperty("text", "hello");
        obs.addInput("Scene", "Caption", "text_ft2_source_v2", other);
        return item;
    }

    private void lipsyncEvent(int item, String type) {
        JsonObject data = new JsonObject();
        data.addProperty("scene", "Scene");
        data.addProperty("sceneItemId", item);
        data.addProperty("source", CLIP);
        data.addProperty("origin", "hotkey");
        data.addProperty("face", "centre");
        obs.emitVendorEvent(Trigger.SCRIPT_VENDOR, type, data);
    }

    private static void waitFor(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static Job newest(Daemon daemon) {
        return daemon.queue().jobs().stream().max((a, b) -> Long.compare(a.spec().createdMillis(),
                b.spec().createdMillis())).orElseThrow();
    }

    /** A daemon attached to the fake OBS, rendering with {@code renderer}. */
    private Daemon attached(String password, Renderer renderer) throws InterruptedException {
        Daemon daemon = new Daemon(settings(obs, password), renderer);
        daemon.start();
        waitFor("the daemon to attach", 10, obs::hasClient);
        return daemon;
    }

    /** A daemon on the tiny engine, attached to OBS with the clip and its voice, after a press on the clip. */
    private Daemon pressed() throws InterruptedException {
        int clipItem = addClipAndVoice();
        obs.start();
        Daemon daemon = attached(PASSWORD, engine::render);
        lipsyncEvent(clipItem, "lipsync");
        return daemon;
    }

    private static Job finished(Daemon daemon, int count) throws InterruptedException {
        waitFor(count + " finished jobs", 240, () -> daemon.queue().jobs().stream()
                .filter(j -> j.state().finished()).count() >= count && daemon.queue().unfinished().isEmpty());
        return newest(daemon);
    }

    @Test
    void lipSyncsTheSelectedClipIntoTheSceneAndReRendersFromTheCache() throws Exception {
        try (Daemon daemon = pressed()) {
            Job first = finished(daemon, 1);
            assertEquals(JobState.DONE, first.state(), first.message());

            String result = CLIP + " (lip-sync)";
            List<FakeObs.Item> items = obs.items("Scene");
            int clipIndex = items.indexOf(obs.item("Scene", CLIP));
            assertEquals(result, items.get(clipIndex + 1).source, "the result sits right above the clip");
            assertFalse(obs.item("Scene", CLIP).enabled, "the clip is hidden");
            assertTrue(obs.item("Scene", result).enabled);
            JsonObject t = obs.item("Scene", result).transform;
            assertEquals(320.0, t.get("positionX").getAsDouble());
            assertEquals(40.0, t.get("positionY").getAsDouble());
            assertEquals(0.5, t.get("scaleX").getAsDouble());
            assertEquals(12, t.get("cropLeft").getAsInt());
            assertTrue(obs.items("Scene").stream().anyMatch(i -> i.source.equals("Caption")), "nothing is removed");

            List<JsonObject> shown = obs.settingsHistory(result);
            assertFalse(shown.get(0).get("is_local_file").getAsBoolean(), "the live segments come first");
            String playlist = shown.get(0).get("input").getAsString();
            assertTrue(playlist.startsWith("http://127.0.0.1:" + daemon.port() + "/media/tok3n-for-the-dock-tests/"), playlist);
            HttpResponse<String> hls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(playlist))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hls.statusCode());
            assertTrue(hls.body().contains("segment00000.ts"), hls.body());

            JsonObject last = obs.settings(result);
            assertTrue(last.get("is_local_file").getAsBoolean());
            assertTrue(last.get("looping").getAsBoolean(), "loops like the clip");
            Path output = Path.of(last.get("local_file").getAsString());
            MediaProbe.Streams streams = MediaProbe.probe(output);
            assertTrue(streams.video() && streams.audio());
            assertEquals(MediaProbe.probe(voice).seconds(), streams.seconds(), 0.1, "as long as the voice");

            // The user points the voice source at a new line and presses Re-render.
            obs.setSetting(CLIP + " voice", "local_file", otherVoice.toString());
            obs.emitVendorEvent(Trigger.SCRIPT_VENDOR, "rerender", new JsonObject());
            Job second = finished(daemon, 2);
            assertEquals(JobState.DONE, second.state(), second.message());
            assertEquals(Trigger.Action.RERENDER, second.spec().action());
            assertTrue(second.message().contains("from the cache"), second.message());
            assertEquals(otherVoice, second.spec().voice().file());
            assertEquals(1, obs.items("Scene").stream().filter(i -> i.source.equals(result)).count(),
                    "the re-render reuses the source");
            Path rerendered = Path.of(obs.settings(result).get("local_file").getAsString());
            assertFalse(rerendered.equals(output));
            assertEquals(MediaProbe.probe(otherVoice).seconds(), MediaProbe.probe(rerendered).seconds(), 0.1);
        }
    }

    @Test
    void aWrongPasswordStopsTheDaemonWithAdviceAndNoRetries() throws Exception {
        obs.start();
        try (Daemon daemon = new Daemon(settings(obs, "not it"), engine::render)) {
            daemon.start();
            String why = daemon.fatal().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(why.contains("OBS_WEBSOCKET_PASSWORD"), why);
            Thread.sleep(800);
            assertEquals(1, obs.handshakes(), "no retry storm");
        } finally {
            obs.close();
        }
    }

    /**
     * The preset and the face chosen in the script's settings ride on the press and apply to that job only; a
     * preset whose model is not loaded is refused at once with what to do. The press comes from a reloaded
     * script's vendor.
     */
    @Test
    void aPresetAndAFaceChosenInObsApplyToTheirJob() throws Exception {
        int item = addClipAndVoice();
        obs.start();
        List<DenoiseOptions> sampled = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<FaceChoice> faces = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Daemon daemon = attached(PASSWORD, (request, listener) -> {
            sampled.add(request.options());
            faces.add(request.face());
            throw new ObsException("stopped by the test");
        })) {
            for (String[] choice : new String[][] {{"draft", "left-2"}, {"", ""}}) {
                JsonObject data = new JsonObject();
                data.addProperty("scene", "Scene");
                data.addProperty("sceneItemId", item);
                data.addProperty("preset", choice[0]);
                data.addProperty("face", choice[1]);
                obs.emitVendorEvent(Trigger.SCRIPT_VENDOR + "-2", "lipsync", data);
                finished(daemon, sampled.size() + 1);
            }
            assertEquals(List.of(Preset.DRAFT.sampling(), new DenoiseOptions(1, 1.5f, true, 3)), sampled);
            assertEquals(List.of(FaceChoice.fromLeft(2), FaceChoice.LARGEST), faces);
            assertEquals("draft", daemon.state().getAsJsonArray("jobs").asList().stream()
                    .map(j -> j.getAsJsonObject().get("preset").getAsString()).filter(p -> !p.isEmpty()).findFirst()
                    .orElse(""));

            JsonObject data = new JsonObject();
            data.addProperty("sceneItemId", item);
            data.addProperty("preset", "final");
            obs.emitVendorEvent(Trigger.SCRIPT_VENDOR, "lipsync", data);
            Job refused = finished(daemon, 3);
            assertEquals(JobState.FAILED, refused.state());
            assertTrue(refused.message().contains("needs the 512 px model") && refused.message().contains("--preset final"),
                    refused.message());
            assertEquals(2, sampled.size(), "the refused job never reached the renderer");
            String news = Files.readString(dir.resolve("state").resolve("daemon.status"));
            assertTrue(news.contains("job=") && news.contains(": failed: the final preset needs the 512 px model"), news);
            // What the script's settings show beside "running": which model and sampling, and the last error.
            assertTrue(news.contains("\nmodels=the 256 px model, "), news);
            assertTrue(news.contains("\nerror=selected clip: the final preset needs the 512 px model"), news);
        }
    }

    /** OBS's ExitStarted ends a daemon started by OBS; the daemon's state file for the script goes with it. */
    @Test
    void obsShuttingDownIsHeardAndTheStateFileGoesWithTheDaemon() throws Exception {
        obs.start();
        Path status = dir.resolve("state").resolve("daemon.status");
        Daemon daemon = attached(PASSWORD, engine::render);
        try {
            waitFor("the state file to say attached", 10, () -> {
                try {
                    return Files.isRegularFile(status) && Files.readString(status).contains("obs=attached");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertTrue(Files.readString(status).contains("pid=" + ProcessHandle.current().pid()));
            assertFalse(daemon.obsExit().isDone());
            obs.emit("ExitStarted", 1, new JsonObject());
            daemon.obsExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            daemon.close();
            daemon.close();
        }
        assertFalse(Files.exists(status), "a stopped daemon leaves no state file");
    }

    @Test
    void aClipWhoseFileWasDeletedIsReportedNotRendered() throws Exception {
        Path doomed = Files.copy(clip, dir.resolve("doomed.mp4"), StandardCopyOption.REPLACE_EXISTING);
        JsonObject settings = new JsonObject();
        settings.addProperty("local_file", doomed.toString());
        int item = obs.addInput("Scene", CLIP, "ffmpeg_source", settings);
        Files.delete(doomed);
        obs.start();
        try (Daemon daemon = attached(PASSWORD, engine::render)) {
            lipsyncEvent(item, "lipsync");
            Job job = finished(daemon, 1);
            assertEquals(JobState.FAILED, job.state());
            assertTrue(job.message().contains("no longer exists"), job.message());
            assertTrue(obs.items("Scene").stream().noneMatch(i -> i.source.endsWith("(lip-sync)")));
        }
    }

    @Test
    void obsClosingMidJobGetsTheResultWhenItIsBack() throws Exception {
        try (Daemon daemon = pressed()) {
            waitFor("the render to start", 30, () -> !daemon.queue().unfinished().isEmpty()
                    && daemon.queue().unfinished().get(0).state() == JobState.RUNNING);
            obs.stop();
            Job job = finished(daemon, 1);
            assertEquals(JobState.DONE, job.state(), job.message());
            assertTrue(job.message().contains("when OBS is back"), job.message());
            obs.start();
            String result = CLIP + " (lip-sync)";
            waitFor("the result in the scene", 20, () -> obs.item("Scene", result) != null
                    && obs.settings(result).has("local_file"));
            assertEquals(job.output().toString(), obs.settings(result).get("local_file").getAsString());
        } finally {
            obs.close();
        }
    }

    @Test
    void aJobInterruptedByADaemonStopIsResumedOnTheNextStart() throws Exception {
        int clipItem = addClipAndVoice();
        obs.start();
        Daemon first = attached(PASSWORD, (request, listener) -> {
            listener.stage("lip-sync", 10);
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("stopped");
        });
        lipsyncEvent(clipItem, "lipsync");
        waitFor("the job to run", 10, () -> !first.queue().unfinished().isEmpty()
                && first.queue().unfinished().get(0).state() == JobState.RUNNING);
        String id = first.queue().unfinished().get(0).id();
        first.close(); // as if the daemon died: the journal still lists the running job
        try (Daemon second = new Daemon(settings(obs, PASSWORD), engine::render)) {
            second.start();
            Job resumed = second.queue().jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
            Job done = finished(second, 1);
            assertEquals(id, done.id());
            assertEquals(JobState.DONE, resumed.state(), resumed.message());
            assertEquals(FaceChoice.CENTRE, resumed.spec().choices().face(), "the journal keeps the job's choice of face");
            assertNotNull(obs.item("Scene", CLIP + " (lip-sync)"));
        }
    }

    /**
     * Fifty Lip-sync presses through the dock API at once, on five clips selected in turn: every job ends
     * done, or replaced/refused with a reason, and the daemon holds no more threads or open files than
     * after its first job.
     */
    @Test
    void fiftyDockJobsAtOnceAllEndAndLeakNoThreadOrFile() throws Exception {
        List<Integer> clips = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonObject s = new JsonObject();
            s.addProperty("local_file", clip.toString());
            clips.add(obs.addInput("Scene", CLIP + i, "ffmpeg_source", s));
            JsonObject v = new JsonObject();
            v.addProperty("local_file", voice.toString());
            obs.addInput("Scene", CLIP + i + " voice", "ffmpeg_source", v);
        }
        obs.start();
        try (Daemon daemon = attached(PASSWORD, engine::render)) {
            // one connection per press, closed after it: the counts below are the daemon's, not a client pool's
            java.util.concurrent.Callable<String> press = () -> pressOnce(daemon.port());
            obs.emitSceneItemSelected("Scene", clips.get(0));
            Thread.sleep(200);
            assertTrue(press.call().startsWith("HTTP/1.1 200"));
            assertEquals(JobState.DONE, finished(daemon, 1).state(), "the first job warms up");
            Thread.sleep(500);
            Resources before = Resources.now();

            java.util.concurrent.ExecutorService pressers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int clipIndex = 0; clipIndex < 5; clipIndex++) {
                obs.emitSceneItemSelected("Scene", clips.get(clipIndex));
                Thread.sleep(100);
                List<java.util.concurrent.Future<String>> burst = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    burst.add(pressers.submit(press));
                }
                for (java.util.concurrent.Future<String> a : burst) {
                    String r = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertTrue(r.startsWith("HTTP/1.1 200") && r.contains("queued " + CLIP + clipIndex), r);
                }
                answers.addAll(burst);
            }
            pressers.shutdown();
            assertTrue(pressers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS));
            waitFor("every job over", 600, () -> daemon.queue().unfinished().isEmpty());
            List<Job> jobs = daemon.queue().jobs();
            long done = jobs.stream().filter(j -> j.state() == JobState.DONE).count();
            for (Job j : jobs) {
                assertTrue(j.state().finished(), j.id() + " " + j.state());
                assertTrue(j.state() == JobState.DONE || !j.message().isBlank(), j.id() + " ended without a reason");
                assertTrue(j.state() != JobState.FAILED, j.id() + " failed: " + j.message());
            }
            for (int i = 0; i < 5; i++) {
                String source = CLIP + i;
                assertTrue(jobs.stream().anyMatch(j -> j.spec().clip().source().equals(source) && j.state() == JobState.DONE),
                        source + " rendered");
            }
            assertEquals(JobState.DONE, newest(daemon).state());

            Resources after = Resources.settled(before);
            System.out.println("50 dock presses: " + answers.size() + " queued, " + done + " rendered (a press on a clip"
                    + " that already waits replaces its job);"
                    + " threads " + before.threads() + " -> " + after.threads() + ", open files " + before.files()
                    + " -> " + after.files());
            assertTrue(after.threads() <= before.threads(), "threads " + before.threads() + " -> " + after.threads());
            assertTrue(after.files() <= before.files(), "open files " + before.files() + " -> " + after.files());
        }
    }

    /** The dock's Lip-sync button, over a connection of its own that is closed after the answer. */
    private static String pressOnce(int port) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("POST /api/lipsync HTTP/1.1\r\nHost: 127.0.0.1\r\n" + DockServer.TOKEN_HEADER
                    + ": tok3n-for-the-dock-tests\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Live threads and open file descriptors of this JVM. */
    private record Resources(int threads, int files) {
        static Resources now() throws java.io.IOException {
            try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                return new Resources(java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount(),
                        (int) fds.count());
            }
        }

        /** Counts again until they are back to {@code baseline} or ten seconds have passed (pools wind down). */
        static Resources settled(Resources baseline) throws Exception {
            Resources r = now();
            for (int i = 0; i < 100 && (r.threads() > baseline.threads() || r.files() > baseline.files()); i++) {
                System.gc();
                Thread.sleep(100);
                r = now();
            }
            return r;
        }
    }

    @Test
    void theDockApiNeedsTheTokenAndShowsTheQueue() throws Exception {
        addClipAndVoice();
        obs.start();
        try (Daemon daemon = attached(PASSWORD, engine::render)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + daemon.port();
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, denied.statusCode());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(daemon.dockUrl())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Lip-sync selected clip"));
            // Nothing is selected yet: the dock's Lip-sync button gets a sentence saying what to do.
            HttpResponse<String> nothing = http.send(HttpRequest.newBuilder(URI.create(base + "/api/lipsync"))
                    .header(DockServer.TOKEN_HEADER, "tok3n-for-the-dock-tests").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(nothing.body().contains("select the media source"), nothing.body());
            obs.emitSceneItemSelected("Scene", obs.item("Scene", CLIP).id);
            Thread.sleep(200);
            HttpResponse<String> queued = http.send(HttpRequest.newBuilder(URI.create(base + "/api/lipsync"))
                    .header(DockServer.TOKEN_HEADER, "tok3n-for-the-dock-tests").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(queued.body().contains("queued Avatar"), queued.body());
            JsonObject state = JsonParser.parseString(http.send(HttpRequest.newBuilder(URI.create(base + "/api/state"))
                    .header(DockServer.TOKEN_HEADER, "tok3n-for-the-dock-tests").build(), HttpResponse.BodyHandlers.ofString()).body())
                    .getAsJsonObject();
            assertTrue(state.get("obs").getAsBoolean());
            assertEquals("Avatar", state.getAsJsonArray("jobs").get(0).getAsJsonObject().get("clip").getAsString());
            Job job = finished(daemon, 2);
            assertEquals(JobState.DONE, job.state(), job.message());
            HttpResponse<byte[]> preview = http.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + job.id()
                    + "/preview.jpg?token=tok3n-for-the-dock-tests")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, preview.statusCode());
            assertEquals((byte) 0xFF, preview.body()[0], "a JPEG");
        }
    }
}
