package io.lipsync.obs.daemon;

import io.lipsync.pipeline.RenderListener;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

/** Carries a render's progress into its job, stops it when the job is cancelled, and reports new segments. */
final class JobProgress implements RenderListener {
    private final Job job;
    private final BiConsumer<Path, Integer> segmentReady;
    private long total = -1;

    JobProgress(Job job, BiConsumer<Path, Integer> segmentReady) {
        this.job = job;
        this.segmentReady = segmentReady;
    }

    @Override
    public void stage(String name, long frames) {
        checkCancelled();
        job.stage(name);
        total = frames;
    }

    @Override
    public void progress(long done) {
        checkCancelled();
        if (total > 0) {
            job.progress(Math.min(1, done / (double) total));
        }
    }

    @Override
    public void segmentReady(Path playlist, int index) {
        job.segments(index + 1);
        segmentReady.accept(playlist, index);
    }

    private void checkCancelled() {
        if (job.cancelRequested()) {
            throw new CancellationException("cancelled");
        }
    }
}
