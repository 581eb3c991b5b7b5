package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.obs.ObsEndpoint;
import io.lipsync.obs.Placement;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.testing.FakeObs;
import io.lipsync.testing.HeadlessChromium;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TinyEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dock page in headless Chromium: queue, progress, a segment's preview, and its three buttons. */
class DockPageTest {
    @Test
    void theDockShowsProgressAndAPreviewAndItsButtonsWork(@TempDir Path dir) throws Exception {
        Path media = SharedFixtures.media();
        try (FakeObs obs = new FakeObs("pw")) {
            JsonObject clip = new JsonObject();
            clip.addProperty("local_file", media.resolve("face-clip.mp4").toString());
            int clipItem = obs.addInput("Scene", "Avatar", "ffmpeg_source", clip);
            JsonObject voice = new JsonObject();
            voice.addProperty("local_file", media.resolve("voice-long.mp3").toString());
            obs.addInput("Scene", "Avatar voice", "ffmpeg_source", voice);
            obs.start();
            DaemonSettings settings = new DaemonSettings(new ObsEndpoint(URI.create(obs.uri()), "pw"),
                    dir.resolve("state"), new DaemonSettings.Dock(0, "dock-page-test-token"),
                    new DaemonSettings.Results(Placement.ADD, null),
                    new DaemonSettings.Sampling(new DenoiseOptions(1, 1.5f, true, 3), 7, 256),
                    new DaemonSettings.Timing(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(400)));
            ChromeDriver browser = HeadlessChromium.start(dir.resolve("chromium"));
            try (LoadedRenderer engine = TinyEngine.load(dir.resolve("faces"));
                    Daemon daemon = new Daemon(settings, engine::render)) {
                daemon.start();
                browser.get(daemon.dockUrl());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
                wait.withMessage(() -> "the dock says: " + browser.findElement(By.tagName("body")).getText());
                wait.until(b -> b.findElement(By.id("status")).getText().equals("attached to OBS"));

                obs.emitSceneItemSelected("Scene", clipItem);
                Thread.sleep(200);
                browser.findElement(By.id("lipsync")).click();
                wait.until(b -> b.findElement(By.id("answer")).getText().startsWith("queued Avatar"));
                WebElement preview = wait.until(b -> b.findElement(By.cssSelector(".job.running img.preview")));
                wait.until(b -> ((Number) browser.executeScript(
                        "const i = document.querySelector('.job.running img.preview'); "
                                + "return i && i.complete ? i.naturalWidth : 0;")).intValue() > 0);
                assertTrue(preview.getAttribute("src").contains("/preview.jpg"));
                wait.until(b -> b.findElement(By.cssSelector(".job.running .bar div")).getAttribute("style")
                        .matches(".*width: [1-9][0-9]?%.*"));

                browser.findElement(By.cssSelector(".job.running button.cancel")).click();
                wait.until(b -> !b.findElements(By.cssSelector(".job.cancelled")).isEmpty());
                assertTrue(daemon.queue().unfinished().isEmpty());

                browser.findElement(By.id("rerender")).click();
                wait.until(b -> !b.findElements(By.cssSelector(".job.done")).isEmpty());
                WebElement done = browser.findElement(By.cssSelector(".job.done"));
                assertTrue(done.getText().contains("Avatar (re-render)"), done.getText());
                assertTrue(done.getText().contains("frames"), "the summary shows: " + done.getText());
                assertEquals(2, browser.findElements(By.cssSelector(".job")).size());
            } finally {
                browser.quit();
            }
        }
    }
}
