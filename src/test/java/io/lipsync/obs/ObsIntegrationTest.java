package io.lipsync.obs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.obs.daemon.Daemon;
import io.lipsync.obs.daemon.DaemonSettings;
import io.lipsync.obs.daemon.Job;
import io.lipsync.obs.daemon.JobState;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.media.MediaProbe;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.testing.CliProcess;
import io.lipsync.testing.FakeObs;
import io.lipsync.testing.RealObs;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TinyEngine;
import io.obswebsocket.community.client.OBSRemoteController;
import io.obswebsocket.community.client.message.event.sceneitems.SceneItemSelectedEvent;
import io.obswebsocket.community.client.model.SceneItem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole thing against a real OBS: our script and Tools-menu plugin installed by {@code PluginInstaller}
 * and loaded by OBS, the daemon attached, a clip and its voice in a scene, the Lip-sync hotkey fired through
 * obs-websocket, the result checked in OBS's own scene. The tiny models prove the plumbing, not the lips.
 */
class ObsIntegrationTest {
    private static final String PASSWORD = "integration-pass";
    private static final long TIMEOUT = 10_000;

    private static void waitFor(String what, long seconds, BooleanSupplier condition, RealObs obs)
            throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what + "; OBS log:\n" + obs.log());
            }
            Thread.sleep(100);
        }
    }

    private static Job settled(Daemon daemon, int finishedJobs, RealObs obs) throws InterruptedException {
        waitFor(finishedJobs + " finished jobs", 300, () -> daemon.queue().unfinished().isEmpty()
                && daemon.queue().jobs().stream().filter(j -> j.state() != JobState.QUEUED
                        && j.state() != JobState.RUNNING).count() >= finishedJobs, obs);
        return daemon.queue().jobs().stream().max((a, b) -> Long.compare(a.spec().createdMillis(),
                b.spec().createdMillis())).orElseThrow();
    }

    /** Adds "NAME voice" then the clip NAME to a scene, and waits until OBS has selected the clip (as it does). */
    private static void addSelectedClip(OBSRemoteController user, String scene, String name, Path clip, Path voice,
            List<Integer> selected, RealObs obs) throws InterruptedException {
        assertTrue(user.createInput(scene, name + " voice", "ffmpeg_source", localFile(voice), true, TIMEOUT)
                .isSuccessful());
        int item = user.createInput(scene, name, "ffmpeg_source", localFile(clip), true, TIMEOUT).getSceneItemId()
                .intValue();
        waitFor("OBS to select " + name, 20, () -> !selected.isEmpty() && selected.get(selected.size() - 1) == item,
                obs);
    }

    private static long lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static JsonObject localFile(Path file) {
        JsonObject s = new JsonObject();
        s.addProperty("local_file", file.toString());
        return s;
    }

    @Test
    void theHotkeyTheMenuAndReRenderPutTheLipSyncIntoARealObsScene(@TempDir Path home) throws Exception {
        RealObs.requireInstalled();
        Path media = SharedFixtures.media();
        Path clip = Files.copy(media.resolve("face-clip.mp4"), home.resolve("clip.mp4"));
        Path voice = Files.copy(media.resolve("voice-en.wav"), home.resolve("voice.wav"));
        Path newVoice = Files.copy(media.resolve("voice-zh.m4a"), home.resolve("voice-2.m4a"));

        // A stand-in for the lipsync launcher: it records how the script started it and what came on stdin.
        Path launched = home.resolve("launched");
        Path launcher = home.resolve("fake-lipsync");
        Files.writeString(launcher, "#!/bin/sh\nIFS= read -r password\nprintf '%s\\n' \"$password\" > '" + home.resolve(
                "launched-password") + "'\necho \"$@\" >> '" + launched + "'\n");
        assertTrue(launcher.toFile().setExecutable(true));
        PluginInstaller.Report installed = new PluginInstaller(RealObs.configDir(home), launcher).install();
        Path script = RealObs.configDir(home).resolve("scripts/obs-lipsync.lua");
        Path nativePlugin = RealObs.configDir(home).resolve("plugins/obs-lipsync-tools/bin/64bit/obs-lipsync-tools.so");
        assertTrue(Files.isRegularFile(script), installed.toString());
        assertTrue(Files.isRegularFile(nativePlugin), "the Tools-menu plugin was built: " + installed);

        int port = FakeObs.freePort();
        RealObs.configure(home, port, PASSWORD, script);
        // Where a daemon keeps its state by default with HOME=home: the script looks there.
        DaemonSettings settings = new DaemonSettings(new ObsEndpoint(URI.create("ws://127.0.0.1:" + port), PASSWORD),
                home.resolve(".local/state/obs-lipsync"),
                new DaemonSettings.Dock(0, "integration-test-token"), new DaemonSettings.Results(Placement.ADD, "Lip-sync status"),
                new DaemonSettings.Sampling(new DenoiseOptions(1, 1.5f, true, 3), 7, 256),
                new DaemonSettings.Timing(Duration.ofMillis(200), Duration.ofMillis(250), Duration.ofSeconds(2)));
        try (RealObs obs = RealObs.start(home, port);
                LoadedRenderer engine = TinyEngine.load(home.resolve("faces"));
                Daemon daemon = new Daemon(settings, engine::render)) {
            String log = obs.log();
            assertTrue(log.contains("Loaded lua script: obs-lipsync.lua"), log);
            assertTrue(log.contains("[obs-lipsync-tools] loaded"), log);
            // No daemon ran when OBS started: the script started one, the password on its stdin.
            waitFor("the script to start the daemon", 20, () -> lines(launched) == 1, obs);
            assertEquals("daemon --password-stdin --exit-with-obs", Files.readString(launched).strip());
            assertEquals(PASSWORD, Files.readString(home.resolve("launched-password")).strip());

            CountDownLatch ready = new CountDownLatch(1);
            List<Integer> selected = new CopyOnWriteArrayList<>();
            OBSRemoteController user = OBSRemoteController.builder().host("127.0.0.1").port(port).password(PASSWORD)
                    .autoConnect(false)
                    .registerEventListener(SceneItemSelectedEvent.class, e -> selected.add(e.getSceneItemId().intValue()))
                    .lifecycle().onReady(ready::countDown).and().build();
            user.connect();
            assertTrue(ready.await(20, TimeUnit.SECONDS), "the test's own client could not attach to OBS");
            try {
                daemon.start();
                // Vendor events reach only identified clients: the daemon must be attached before the first press.
                waitFor("the daemon to attach", 20, () -> daemon.state().get("obs").getAsBoolean(), obs);
                JsonObject statusText = new JsonObject();
                statusText.addProperty("text", "");
                assertTrue(user.createInput("Scene", "Lip-sync status", "text_ft2_source_v2", statusText, false,
                        TIMEOUT).isSuccessful());
                // The voice first, then the clip: OBS selects what it just added, so the clip ends up selected.
                var voiceInput = user.createInput("Scene", "Avatar voice", "ffmpeg_source", localFile(voice), true,
                        TIMEOUT);
                assertTrue(voiceInput.isSuccessful(), voiceInput + "\n" + obs.log());
                int clipItem = user.createInput("Scene", "Avatar", "ffmpeg_source", localFile(clip), true, TIMEOUT)
                        .getSceneItemId().intValue();
                SceneItem.Transform placed = user.getSceneItemTransform("Scene", clipItem, TIMEOUT)
                        .getSceneItemTransform();
                placed.setPositionX(200f);
                placed.setPositionY(50f);
                placed.setScaleX(0.75f);
                placed.setScaleY(0.75f);
                placed.setCropLeft(10);
                var moved = user.setSceneItemTransform("Scene", clipItem, ObsSession.settable(placed), TIMEOUT);
                assertTrue(moved.isSuccessful(), String.valueOf(moved.getMessageData().getRequestStatus()));

                // OBS selects a new item in its UI thread, a moment after CreateInput answers.
                waitFor("OBS to select the clip", 20, () -> !selected.isEmpty()
                        && selected.get(selected.size() - 1) == clipItem, obs);
                assertTrue(user.triggerHotkeyByName("obs_lipsync.clip", TIMEOUT).isSuccessful());
                Job first = settled(daemon, 1, obs);
                assertEquals(JobState.DONE, first.state(), first.message() + "\n" + obs.log());
                assertEquals("Avatar", first.spec().clip().source());
                assertEquals(voice, first.spec().voice().file(), "the voice found by the naming rule");
                waitFor("the job's news in OBS's log", 5, () -> obs.log().contains("lip-sync: Avatar: done"), obs);

                List<SceneItem> items = user.getSceneItemList("Scene", TIMEOUT).getSceneItems();
                SceneItem result = items.stream().filter(i -> i.getSourceName().equals("Avatar (lip-sync)"))
                        .findFirst().orElse(null);
                assertNotNull(result, "the lip-synced source is in the scene: " + items);
                int clipIndex = user.getSceneItemIndex("Scene", clipItem, TIMEOUT).getSceneItemIndex().intValue();
                assertEquals(clipIndex + 1, result.getSceneItemIndex().intValue(), "right above the clip");
                assertFalse(user.getSceneItemEnabled("Scene", clipItem, TIMEOUT).getSceneItemEnabled(),
                        "the clip is hidden");
                SceneItem.Transform t = user.getSceneItemTransform("Scene", result.getSceneItemId(), TIMEOUT)
                        .getSceneItemTransform();
                assertEquals(200f, t.getPositionX(), 0.01f);
                assertEquals(50f, t.getPositionY(), 0.01f);
                assertEquals(0.75f, t.getScaleX(), 0.001f);
                assertEquals(10, t.getCropLeft().intValue());

                waitFor("the status source to say so", 10, () -> user.getInputSettings("Lip-sync status", TIMEOUT)
                        .getInputSettings().get("text").getAsString().equals("Lip-sync: Avatar done"), obs);
                JsonObject shown = user.getInputSettings("Avatar (lip-sync)", TIMEOUT).getInputSettings();
                Path output = Path.of(shown.get("local_file").getAsString());
                assertEquals(MediaProbe.probe(voice).seconds(), MediaProbe.probe(output).seconds(), 0.1,
                        "the result is as long as the voice");
                waitFor("OBS to play the result", 30, () -> {
                    var status = user.getMediaInputStatus("Avatar (lip-sync)", TIMEOUT);
                    return status != null && status.isSuccessful() && status.getMediaDuration() != null
                            && Math.abs(status.getMediaDuration().doubleValue() / 1000
                                    - MediaProbe.probe(voice).seconds()) < 0.2;
                }, obs);

                // A new voice line, then the Re-render hotkey: served from the face cache.
                JsonObject changed = localFile(newVoice);
                assertTrue(user.setInputSettings("Avatar voice", changed, true, TIMEOUT).isSuccessful());
                assertTrue(user.triggerHotkeyByName("obs_lipsync.rerender", TIMEOUT).isSuccessful());
                Job second = settled(daemon, 2, obs);
                assertEquals(JobState.DONE, second.state(), second.message());
                assertTrue(second.message().contains("from the cache"), second.message());
                Path rerendered = Path.of(user.getInputSettings("Avatar (lip-sync)", TIMEOUT).getInputSettings()
                        .get("local_file").getAsString());
                assertFalse(rerendered.equals(output));
                assertEquals(MediaProbe.probe(newVoice).seconds(), MediaProbe.probe(rerendered).seconds(), 0.1);

                // Tools > Lip-sync clip runs the action the plugin also offers as a vendor request.
                // obs-websocket 5.1 refuses an empty requestData.
                JsonObject caller = new JsonObject();
                caller.addProperty("caller", "integration test");
                var menu = user.callVendorRequest("obs-lipsync-tools", "lipsync_clip", caller, TIMEOUT);
                assertTrue(menu.isSuccessful(), String.valueOf(menu));
                assertEquals("script", menu.getResponseData().get("via").getAsString());
                Job third = settled(daemon, 3, obs);
                assertEquals(JobState.DONE, third.state(), third.message());
                assertEquals("hotkey", third.spec().origin(), "the menu raises the script's own request");
                // And the menu itself, clicked as a user would: Tools (Alt+T), its last item (ours), Enter.
                obs.pressKeys("alt+t", "Up", "Return");
                Job fourth = settled(daemon, 4, obs);
                assertEquals(JobState.DONE, fourth.state(), fourth.message());
                assertTrue(obs.log().contains("[obs-lipsync-tools] Tools > Lip-sync clip: request sent via script"),
                        obs.log());
                // The script's button: Tools > Scripts (third item here), our script, its mnemonic Alt+Y.
                obs.pressKeys("alt+t", "Down", "Down", "Down", "Return");
                obs.focus("Scripts");
                obs.pressKeys("Home", "alt+y");
                Job fifth = settled(daemon, 5, obs);
                assertEquals(JobState.DONE, fifth.state(), fifth.message());
                assertEquals("button", fifth.spec().origin());
                long results = user.getSceneItemList("Scene", TIMEOUT).getSceneItems().stream()
                        .filter(i -> i.getSourceName().equals("Avatar (lip-sync)")).count();
                assertEquals(1, results, "re-renders reuse the one lip-sync source");

                // Studio Mode: the user selects in the preview scene, which is not the one on air.
                assertTrue(user.createScene("Studio", TIMEOUT).isSuccessful());
                assertTrue(user.setStudioModeEnabled(true, TIMEOUT).isSuccessful());
                assertTrue(user.setCurrentPreviewScene("Studio", TIMEOUT).isSuccessful());
                addSelectedClip(user, "Studio", "Host", clip, voice, selected, obs);
                assertTrue(user.triggerHotkeyByName("obs_lipsync.clip", TIMEOUT).isSuccessful());
                Job studio = settled(daemon, 6, obs);
                assertEquals(JobState.DONE, studio.state(), studio.message() + "\n" + obs.log());
                assertEquals("Host", studio.spec().clip().source(), "the preview's selection, not the program's");
                assertTrue(user.getSceneItemList("Studio", TIMEOUT).getSceneItems().stream()
                        .anyMatch(i -> i.getSourceName().equals("Host (lip-sync)")), "the result is in the preview");

                // A script reload: switching scene collections unloads the script and loads it again in a fresh
                // Lua state, as Tools > Scripts > Reload does, while obs-websocket still holds the vendor name
                // of the first one. The reloaded script's press must still reach the daemon.
                assertTrue(user.setStudioModeEnabled(false, TIMEOUT).isSuccessful());
                assertTrue(user.createSceneCollection("Elsewhere", 60_000).isSuccessful());
                assertTrue(user.setCurrentSceneCollection(RealObs.COLLECTION, 60_000).isSuccessful());
                waitFor("the script to load again", 20, () -> obs.log().split("Loaded lua script: obs-lipsync.lua",
                        -1).length >= 3, obs);
                addSelectedClip(user, "Scene", "Guest", clip, voice, selected, obs);
                assertTrue(user.triggerHotkeyByName("obs_lipsync.clip", TIMEOUT).isSuccessful());
                Job reloaded = settled(daemon, 7, obs);
                assertEquals(JobState.DONE, reloaded.state(), reloaded.message() + "\n" + obs.log());
                assertEquals("Guest", reloaded.spec().clip().source());
                assertTrue(obs.log().contains("registered as obs-websocket vendor obs-lipsync-2"), obs.log());

                // The daemon stops; a press then starts one and waits until it is attached, then goes out.
                daemon.close();
                assertTrue(user.triggerHotkeyByName("obs_lipsync.clip", TIMEOUT).isSuccessful());
                waitFor("the script to start the daemon again", 20, () -> lines(launched) == 2, obs);
                assertTrue(obs.log().contains("the lip-sync daemon was not running: starting it"), obs.log());
                try (Daemon started = new Daemon(settings, engine::render)) {
                    started.start();
                    Job held = settled(started, 1, obs);
                    assertEquals(JobState.DONE, held.state(), held.message() + "\n" + obs.log());
                    assertEquals("Guest", held.spec().clip().source());
                }

                // OBS quits while a job renders, and is started again: the result goes into the scene of the
                // OBS that is back (a daemon started by hand outlives OBS).
                CountDownLatch obsGone = new CountDownLatch(1);
                try (Daemon patient = new Daemon(settings, (request, listener) -> {
                    try {
                        obsGone.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return engine.render(request, listener);
                })) {
                    patient.start();
                    waitFor("the daemon to attach", 20, () -> patient.state().get("obs").getAsBoolean(), obs);
                    addSelectedClip(user, "Scene", "Late", clip, voice, selected, obs);
                    assertTrue(user.triggerHotkeyByName("obs_lipsync.clip", TIMEOUT).isSuccessful());
                    waitFor("the job to run", 20, () -> !patient.queue().unfinished().isEmpty()
                            && patient.queue().unfinished().get(0).state() == JobState.RUNNING, obs);
                    // Beside it, a real daemon process as the script starts one (with --exit-with-obs), attached
                    // after the press so that it takes no job: OBS quitting ends it.
                    Path exitLog = home.resolve("exit-with-obs.log");
                    Process withObs = CliProcess.start(home.resolve("exit-tmp"), exitLog, "daemon", "--obs",
                            "ws://127.0.0.1:" + port, "--http-port", "0", "--state", home.resolve("exit-state").toString(),
                            "--config", home.resolve("none.json").toString(), "--cache", home.resolve("exit-cache")
                                    .toString(), "--steps", "1", "--password-stdin", "--exit-with-obs");
                    withObs.getOutputStream().write((PASSWORD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    withObs.getOutputStream().close();
                    CliProcess.await("the daemon process to attach", () -> CliProcess.contains(exitLog,
                            "attached to OBS"), withObs, exitLog);
                    obs.quit();
                    assertTrue(withObs.waitFor(30, TimeUnit.SECONDS), "a daemon started with --exit-with-obs ends "
                            + "with OBS:\n" + Files.readString(exitLog));
                    assertEquals(0, withObs.exitValue(), Files.readString(exitLog));
                    assertTrue(CliProcess.contains(exitLog, "OBS is shutting down; stopping with it"),
                            Files.readString(exitLog));
                    obsGone.countDown();
                    Job late = settled(patient, 1, obs);
                    assertEquals(JobState.DONE, late.state(), late.message());
                    assertTrue(late.message().contains("when OBS is back"), late.message());
                    try (RealObs again = RealObs.start(home, port)) {
                        CountDownLatch backReady = new CountDownLatch(1);
                        OBSRemoteController back = OBSRemoteController.builder().host("127.0.0.1").port(port)
                                .password(PASSWORD).autoConnect(false).lifecycle().onReady(backReady::countDown).and()
                                .build();
                        back.connect();
                        try {
                            assertTrue(backReady.await(20, TimeUnit.SECONDS), "the test's client could not attach");
                            waitFor("the result in the scene of the OBS that is back", 60, () -> {
                                var list = back.getSceneItemList("Scene", TIMEOUT);
                                return list != null && list.isSuccessful() && list.getSceneItems().stream()
                                        .anyMatch(i -> i.getSourceName().equals("Late (lip-sync)"));
                            }, again);
                            assertEquals(late.output().toString(), back.getInputSettings("Late (lip-sync)", TIMEOUT)
                                    .getInputSettings().get("local_file").getAsString());
                        } finally {
                            back.disconnect();
                            back.stop();
                        }
                    }
                }
            } finally {
                user.disconnect();
                user.stop();
            }
        }
    }
}
