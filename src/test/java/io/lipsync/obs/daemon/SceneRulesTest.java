package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;
import io.lipsync.testing.FakeObs;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.media.MediaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which clip and voice a trigger means and where the result goes; the render itself is stubbed out. */
class SceneRulesTest {
    @TempDir
    Path dir;

    private Path media;
    private FakeObs obs;
    private Daemon daemon;
    private final List<RenderRequest> renders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        media = SharedFixtures.media();
        obs = new FakeObs(null);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        obs.close();
    }

    private void attach(Placement placement) throws InterruptedException {
        attach(placement, (request, listener) -> {
            renders.add(request);
            return new RenderSummary(new RenderSummary.Frames(10, 10, 0), new RenderSummary.FaceWork(10, false, 10, 10),
                    0.4, Map.of());
        });
    }

    private void attach(Placement placement, Renderer renderer) throws InterruptedException {
        obs.start();
        DaemonSettings settings = new DaemonSettings(new ObsEndpoint(URI.create(obs.uri()), null), dir.resolve("state"),
                new DaemonSettings.Dock(0, "scene-rules-test-token"), new DaemonSettings.Results(placement, "Lip-sync status"),
                new DaemonSettings.Sampling(new DenoiseOptions(1, 1.5f, true, 3), 7, 256),
                new DaemonSettings.Timing(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(400)));
        daemon = new Daemon(settings, renderer);
        daemon.start();
        long end = System.currentTimeMillis() + 10_000;
        while (!obs.hasClient() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    private int media(String name, Path file) {
        JsonObject s = new JsonObject();
        s.addProperty("local_file", file.toString());
        return obs.addInput("Scene", name, "ffmpeg_source", s);
    }

    private Job trigger(String type, JsonObject data) throws InterruptedException {
        int before = daemon.queue().jobs().size();
        obs.emitVendorEvent(Trigger.SCRIPT_VENDOR, type, data);
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            List<Job> jobs = daemon.queue().jobs();
            if (jobs.size() > before && daemon.queue().unfinished().isEmpty()) {
                return jobs.stream().max((a, b) -> Long.compare(a.spec().createdMillis(), b.spec().createdMillis()))
                        .orElseThrow();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no job finished");
    }

    private static JsonObject item(int id) {
        JsonObject d = new JsonObject();
        d.addProperty("sceneItemId", id);
        return d;
    }

    @Test
    void aPairedVoiceComesBeforeTheNamingRule() throws Exception {
        int clip = media("Avatar", media.resolve("face-clip.mp4"));
        media("Avatar voice", media.resolve("voice-en.wav"));
        media("Line 2", media.resolve("voice-zh.m4a"));
        attach(Placement.ADD);
        JsonObject data = item(clip);
        data.addProperty("voice", "Line 2");
        Job job = trigger("lipsync", data);
        assertEquals(JobState.DONE, job.state(), job.message());
        assertEquals(media.resolve("voice-zh.m4a"), renders.get(0).audio());
        assertEquals("paired source 'Line 2'", job.spec().voice().foundBy());
    }

    @Test
    void withNoVoiceSourceTheClipsOwnAudioIsUsed() throws Exception {
        int clip = media("Avatar", media.resolve("face-clip.mp4"));
        // A media source with video is not a voice, whatever its name.
        media("Avatar voice", media.resolve("face-clip.mp4"));
        attach(Placement.ADD);
        Job job = trigger("lipsync", item(clip));
        assertEquals(JobState.DONE, job.state(), job.message());
        assertEquals("the clip's own audio", job.spec().voice().foundBy());
        assertEquals(media.resolve("face-clip.mp4"), renders.get(0).audio());
    }

    @Test
    void aStillImageWithoutAnyVoiceIsRefusedWithWhatToDo() throws Exception {
        JsonObject image = new JsonObject();
        image.addProperty("file", media.resolve("face.png").toString());
        int still = obs.addInput("Scene", "Portrait", "image_source", image);
        attach(Placement.ADD);
        Job job = trigger("lipsync", item(still));
        assertEquals(JobState.FAILED, job.state());
        assertEquals("no voice track for 'Portrait': add an audio-only media source named 'Portrait voice' to the "
                + "scene, pair one in Tools > Scripts > obs-lipsync, or use a clip with its own audio", job.message());
        assertTrue(renders.isEmpty());
    }

    @Test
    void aStillImageIsAClipAndAlwaysGetsASourceOfItsOwn() throws Exception {
        JsonObject image = new JsonObject();
        image.addProperty("file", media.resolve("face.png").toString());
        int still = obs.addInput("Scene", "Portrait", "image_source", image);
        media("Portrait (voice)", media.resolve("voice-en.wav"));
        attach(Placement.REPLACE);
        Job job = trigger("lipsync", item(still));
        assertEquals(JobState.DONE, job.state(), job.message());
        assertEquals(media.resolve("face.png"), renders.get(0).video());
        assertEquals("ffmpeg_source", obs.kind("Portrait (lip-sync)"));
        assertEquals(media.resolve("face.png").toString(), obs.settings("Portrait").get("file").getAsString());
    }

    @Test
    void replaceInPlacePlaysTheResultInTheClipsOwnSourceAndReRendersFromTheOriginal() throws Exception {
        Path original = media.resolve("face-clip.mp4");
        int clip = media("Avatar", original);
        media("Avatar voice", media.resolve("voice-en.wav"));
        attach(Placement.REPLACE);
        Job first = trigger("lipsync", item(clip));
        assertEquals(JobState.DONE, first.state(), first.message());
        JsonObject settings = obs.settings("Avatar");
        assertEquals(first.output().toAbsolutePath().toString(), settings.get("local_file").getAsString());
        assertEquals(original.toString(), settings.get("lipsync_original_file").getAsString());
        assertTrue(obs.item("Scene", "Avatar").enabled);
        assertNull(obs.item("Scene", "Avatar (lip-sync)"), "no extra source in replace mode");

        Job second = trigger("rerender", new JsonObject());
        assertEquals(JobState.DONE, second.state(), second.message());
        assertEquals(original, renders.get(1).video(), "re-renders start from the clip's own file");
        assertFalse(obs.settings("Avatar").get("local_file").getAsString().equals(first.output().toString()));
    }

    @Test
    void aFailedTakeLeavesNoSegmentsAndPutsTheLastGoodTakeBack() throws Exception {
        int clip = media("Avatar", media.resolve("face-clip.mp4"));
        media("Avatar voice", media.resolve("voice-en.wav"));
        boolean[] fail = {false};
        attach(Placement.ADD, (request, listener) -> {
            try {
                Files.createDirectories(request.segments());
                Files.writeString(request.segments().resolve("playlist.m3u8"), "#EXTM3U\n");
                if (!fail[0]) {
                    Files.writeString(request.out(), "take");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (fail[0]) {
                listener.segmentReady(request.segments().resolve("playlist.m3u8"), 0);
                throw new MediaException("the voice track is silent");
            }
            return new RenderSummary(new RenderSummary.Frames(10, 10, 0), new RenderSummary.FaceWork(10, false, 10, 10),
                    0.4, Map.of());
        });
        Job good = trigger("lipsync", item(clip));
        assertEquals(JobState.DONE, good.state(), good.message());
        fail[0] = true;
        Job bad = trigger("rerender", new JsonObject());
        assertEquals(JobState.FAILED, bad.state());
        assertEquals("the voice track is silent", bad.message());
        List<JsonObject> shown = obs.settingsHistory("Avatar (lip-sync)");
        assertFalse(shown.get(shown.size() - 2).get("is_local_file").getAsBoolean(), "the failed take streamed");
        assertEquals(good.output().toAbsolutePath().toString(),
                shown.get(shown.size() - 1).get("local_file").getAsString(), "then the good take came back");
        Path failedSegments = good.output().resolveSibling(bad.id());
        assertFalse(Files.exists(failedSegments), "no segments left of the failed take");
    }

    @Test
    void theStatusSourceShowsTheLatestJob() throws Exception {
        JsonObject text = new JsonObject();
        text.addProperty("text", "");
        obs.addInput("Hidden", "Lip-sync status", "text_ft2_source_v2", text);
        attach(Placement.ADD);
        Job refused = trigger("lipsync", new JsonObject());
        assertEquals(JobState.FAILED, refused.state());
        long end = System.currentTimeMillis() + 5000;
        while (!obs.settings("Lip-sync status").get("text").getAsString().contains("failed")
                && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertEquals("Lip-sync: selected clip failed: no clip is selected in Scene: select the media source showing "
                + "the face, then press Lip-sync again", obs.settings("Lip-sync status").get("text").getAsString());
        assertTrue(obs.items("Scene").stream().noneMatch(i -> i.source.equals("Lip-sync status")),
                "the daemon never adds the status source to a scene");
    }

    @Test
    void triggeringTheResultSourceMeansItsClip() throws Exception {
        int clip = media("Avatar", media.resolve("face-clip.mp4"));
        media("Avatar voice", media.resolve("voice-en.wav"));
        attach(Placement.ADD);
        trigger("lipsync", item(clip));
        int result = obs.item("Scene", "Avatar (lip-sync)").id;
        Job again = trigger("lipsync", item(result));
        assertEquals(JobState.DONE, again.state(), again.message());
        assertEquals("Avatar", again.spec().clip().source());
        assertEquals(1, obs.items("Scene").stream().filter(i -> i.source.endsWith("(lip-sync)")).count());
    }
}
