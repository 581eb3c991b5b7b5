package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.face.FaceChoice;
import io.lipsync.obs.Clip;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    private static Job job(String clip, JobState state) {
        Job job = new Job(new JobSpec(TriggerResolver.newId(), Trigger.Action.LIPSYNC,
                new Clip("Scene", 1, clip, "ffmpeg_source", Path.of("c.mp4"), false), new Voice(Path.of("v.wav"), "t"),
                Placement.ADD, JobChoices.DEFAULT, "test", 0), 0);
        job.state(state, "");
        return job;
    }

    @Test
    void saysWhatRunsHowFarAndHowManyWait() {
        Job running = job("Avatar", JobState.RUNNING);
        running.stage("lip-sync");
        running.progress(0.456);
        long now = System.nanoTime();
        assertEquals("Lip-sync: Avatar, lip-sync 46% (+2 waiting)", StatusText.describe(
                List.of(running, job("B", JobState.QUEUED), job("C", JobState.QUEUED)), now));
        assertEquals("Lip-sync: B waiting (+1 waiting)", StatusText.describe(
                List.of(job("B", JobState.QUEUED), job("C", JobState.QUEUED)), now));
        assertEquals("Lip-sync: Avatar done", StatusText.describe(List.of(job("Avatar", JobState.DONE)), now));
        assertEquals("Lip-sync: idle", StatusText.describe(List.of(), now));
    }

    /** The time left follows the stage's own pace: a quarter done in 30 s leaves 90 s; a new stage starts over. */
    @Test
    void theTimeLeftComesFromTheStagesPace() {
        Job running = job("Avatar", JobState.RUNNING);
        long start = System.nanoTime();
        running.stage("lip-sync");
        running.progress(0.25);
        long later = start + 30_000_000_000L;
        long left = running.secondsLeft(later);
        assertEquals(90, left, 1);
        assertEquals("Lip-sync: Avatar, lip-sync 25%" + StatusText.left(left), StatusText.describe(List.of(running), later));
        assertEquals(", about 89 s left", StatusText.left(89));
        assertEquals(", about 2 min left", StatusText.left(90));
        running.progress(0.05);
        assertEquals(", about 10 min left", StatusText.left(running.secondsLeft(start + 30_000_000_000L)));
        assertEquals(-1, running.secondsLeft(start + 1_000_000_000L), "too early to tell");
        running.stage("encoding");
        assertEquals(-1, running.secondsLeft(later), "a new stage has no pace yet");
        assertEquals(-1, job("B", JobState.QUEUED).secondsLeft(later));
    }

    /** The news line the script puts into OBS's log: the place in the queue, the preset, and why a job failed. */
    @Test
    void newsSaysThePlaceInTheQueueThePresetAndWhy() {
        Job running = job("Avatar", JobState.RUNNING);
        Job waiting = new Job(new JobSpec(TriggerResolver.newId(), Trigger.Action.LIPSYNC,
                new Clip("Scene", 2, "Host", "ffmpeg_source", Path.of("h.mp4"), false), new Voice(Path.of("v.wav"), "t"),
                Placement.ADD, new JobChoices(io.lipsync.latentsync.Preset.DRAFT, FaceChoice.fromLeft(2)), "test",
                System.currentTimeMillis()), 0);
        Job failed = job("Guest", JobState.FAILED);
        failed.state(JobState.FAILED, "no face found in the clip");
        List<Job> jobs = List.of(running, waiting, failed);
        assertEquals("Host: queued (draft, face left-2), 1 ahead", Daemon.news(waiting, jobs));
        assertEquals("Avatar: rendering", Daemon.news(running, jobs));
        assertEquals("Guest: failed: no face found in the clip", Daemon.news(failed, jobs));
    }
}
