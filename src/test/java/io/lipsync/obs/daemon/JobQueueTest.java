package io.lipsync.obs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.obs.Clip;
import io.lipsync.obs.Placement;
import io.lipsync.obs.Voice;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobQueueTest {
    private static JobSpec spec(String clip, String voice) {
        return new JobSpec(TriggerResolver.newId(), Trigger.Action.LIPSYNC,
                new Clip("Scene", 1, clip, "ffmpeg_source", Path.of(clip + ".mp4"), false),
                new Voice(Path.of(voice), "test"), Placement.ADD, JobChoices.DEFAULT, "test", System.currentTimeMillis());
    }

    private static void await(Job job, JobState state) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (job.state() != state && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertEquals(state, job.state(), job.message());
    }

    @Test
    void aStormOfTriggersBecomesOneJobPerClip() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (JobQueue queue = new JobQueue(job -> ran.add(job.spec().clip().source() + " " + job.spec().voice().file()),
                job -> {}, 1000)) {
            queue.start();
            Job lastA = null;
            Job lastB = null;
            for (int i = 0; i < 100; i++) {
                lastA = queue.submit(spec("A", "voice" + i));
                if (i % 2 == 0) {
                    lastB = queue.submit(spec("B", "voice" + i));
                }
                Thread.sleep(5);
            }
            await(lastA, JobState.DONE);
            await(lastB, JobState.DONE);
            Thread.sleep(300);
            // B's last trigger came first, so B settles (and runs) first.
            assertEquals(List.of("B voice98", "A voice99"), ran, "one job per clip, with the latest trigger's voice");
        }
    }

    @Test
    void anErrorInARenderFailsThatJobAndTheQueueGoesOn() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (JobQueue queue = new JobQueue(job -> {
            String clip = job.spec().clip().source();
            ran.add(clip);
            if (clip.equals("A")) {
                throw new OutOfMemoryError("Java heap space");
            }
            if (clip.equals("B")) {
                throw new StackOverflowError();
            }
        }, job -> {}, 0)) {
            queue.start();
            Job a = queue.submit(spec("A", "v"));
            await(a, JobState.FAILED);
            assertTrue(a.message().startsWith("out of memory"), a.message());
            Job b = queue.submit(spec("B", "v"));
            await(b, JobState.FAILED);
            assertTrue(b.message().contains("StackOverflowError"), b.message());
            Job c = queue.submit(spec("C", "v"));
            await(c, JobState.DONE);
            assertEquals(List.of("A", "B", "C"), ran);
        }
    }

    @Test
    void aTriggerDuringARenderWaitsBehindItAndReplacesAnyWaitingOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        try (JobQueue queue = new JobQueue(job -> {
            ran.add(job.spec().voice().file().toString());
            if (ran.size() == 1) {
                release.await(10, TimeUnit.SECONDS);
            }
        }, job -> {}, 0)) {
            queue.start();
            Job first = queue.submit(spec("A", "v1"));
            await(first, JobState.RUNNING);
            Job second = queue.submit(spec("A", "v2"));
            Job third = queue.submit(spec("A", "v3"));
            assertEquals(JobState.CANCELLED, second.state());
            assertEquals("replaced by a newer trigger", second.message());
            release.countDown();
            await(third, JobState.DONE);
            assertEquals(List.of("v1", "v3"), ran);
        }
    }

    @Test
    void cancelsWaitingAndRunningJobs() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (JobQueue queue = new JobQueue(job -> {
            started.countDown();
            while (!job.cancelRequested()) {
                Thread.sleep(5);
            }
            throw new CancellationException();
        }, job -> {}, 0)) {
            queue.start();
            Job running = queue.submit(spec("A", "v"));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Job waiting = queue.submit(spec("B", "v"));
            assertTrue(queue.cancel(waiting.id()));
            assertEquals(JobState.CANCELLED, waiting.state());
            assertTrue(queue.cancel(running.id()));
            await(running, JobState.CANCELLED);
            assertFalse(queue.cancel("no-such-job"));
            assertTrue(queue.unfinished().isEmpty());
        }
    }

    @Test
    void aFailingJobIsReportedWithItsReasonAndTheQueueGoesOn() throws Exception {
        try (JobQueue queue = new JobQueue(job -> {
            if (job.spec().clip().source().equals("bad")) {
                throw new IllegalStateException("the clip's file bad.mp4 no longer exists");
            }
        }, job -> {}, 0)) {
            queue.start();
            Job bad = queue.submit(spec("bad", "v"));
            Job good = queue.submit(spec("good", "v"));
            await(bad, JobState.FAILED);
            assertEquals("the clip's file bad.mp4 no longer exists", bad.message());
            await(good, JobState.DONE);
        }
    }
}
