package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                Placement.ADD, null, "test", 0), 0);
        job.state(state, "");
        return job;
    }

    @Test
    void saysWhatRunsHowFarAndHowManyWait() {
        Job running = job("Avatar", JobState.RUNNING);
        running.stage("lip-sync");
        running.progress(0.456);
        assertEquals("Lip-sync: Avatar, lip-sync 46% (+2 waiting)", StatusText.describe(
                List.of(running, job("B", JobState.QUEUED), job("C", JobState.QUEUED))));
        assertEquals("Lip-sync: B waiting (+1 waiting)", StatusText.describe(
                List.of(job("B", JobState.QUEUED), job("C", JobState.QUEUED))));
        assertEquals("Lip-sync: Avatar done", StatusText.describe(List.of(job("Avatar", JobState.DONE))));
        assertEquals("Lip-sync: idle", StatusText.describe(List.of()));
    }
}
