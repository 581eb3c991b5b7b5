package io.lipsync.obs.daemon;

import io.lipsync.obs.ObsException;
import io.lipsync.obs.ScenePublisher;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows results in OBS. A finished render that cannot be shown because OBS is away is kept and shown when
 * OBS is back; a live stream is only worth showing while its render runs, so it is never kept. A stream
 * that ended with its render (a failure, a daemon that was killed) is replaced by the last good take, or
 * by the clip itself, so the scene never plays a stream or file that is gone.
 */
final class Publications {
    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    private final ObsLink link;
    private final Map<String, Job> waiting = new ConcurrentHashMap<>();
    /** Per clip: a job whose stream died with the previous run and has not streamed anew, and its last take. */
    private final Map<String, Takeback> cutOff = new ConcurrentHashMap<>();

    private record Takeback(Job job, Path take) {}

    Publications(ObsLink link) {
        this.link = link;
    }

    /** Shows the segments rendered so far; a failure only costs the live preview, so it is logged, not thrown. */
    synchronized void showStream(Job job, String playlistUrl) {
        cutOff.remove(job.spec().clip().key());
        try {
            new ScenePublisher(link.session()).showStream(job.spec().clip(), job.spec().placement(), playlistUrl);
        } catch (ObsException e) {
            LOG.warn("job {}: the live segments could not be shown in OBS: {}", job.id(), e.getMessage());
        }
    }

    /** Shows the finished file now, or when OBS is back. */
    void showFinal(Job job, Path file) {
        if (!link.attached()) {
            waiting.put(job.spec().clip().key(), job);
            job.state(job.state(), "rendered; it goes into the scene when OBS is back");
            return;
        }
        new ScenePublisher(link.session()).showFile(job.spec().clip(), job.spec().placement(), file);
        waiting.remove(job.spec().clip().key());
    }

    /**
     * Puts the last good take ({@code earlier}, or the clip's own file when null) back after a job's stream
     * ended without its result; best effort, as the job has failed anyway.
     */
    void restore(Job job, Path earlier) {
        Path take = earlier != null ? earlier : job.spec().clip().file();
        try {
            new ScenePublisher(link.session()).showFile(job.spec().clip(), job.spec().placement(), take);
        } catch (ObsException e) {
            LOG.warn("job {}: the previous take could not be put back: {}", job.id(), e.getMessage());
        }
    }

    /**
     * {@code job} ran when the previous daemon stopped, so the scene may still play its stream from a server
     * that is gone: when OBS is attached, the last take ({@code earlier}, or the clip) goes back, unless the
     * resumed job has shown its new stream by then.
     */
    void cutOff(Job job, Path earlier) {
        cutOff.put(job.spec().clip().key(), new Takeback(job, earlier));
    }

    private synchronized void takeBack() {
        for (Takeback t : cutOff.values()) {
            restore(t.job(), t.take());
            LOG.info("job {}: its stream stopped with the last run; {} shows the last take until it is done",
                    t.job().id(), t.job().spec().clip().resultSource());
        }
        cutOff.clear();
    }

    /** OBS is back: show what finished while it was away. */
    void flush() {
        takeBack();
        for (Job job : waiting.values()) {
            try {
                showFinal(job, job.output());
                job.state(job.state(), "in the scene as " + job.spec().clip().resultSource());
                LOG.info("job {}: {} is now in the scene", job.id(), job.spec().clip().resultSource());
            } catch (ObsException e) {
                LOG.warn("job {}: OBS refused the result: {}", job.id(), e.getMessage());
                waiting.remove(job.spec().clip().key());
            }
        }
    }
}
