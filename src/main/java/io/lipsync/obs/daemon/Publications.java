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
 * OBS is back; a live stream is only worth showing while its render runs, so it is never kept.
 */
final class Publications {
    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    private final ObsLink link;
    private final Map<String, Job> waiting = new ConcurrentHashMap<>();

    Publications(ObsLink link) {
        this.link = link;
    }

    /** Shows the segments rendered so far; a failure only costs the live preview, so it is logged, not thrown. */
    void showStream(Job job, String playlistUrl) {
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

    /** Puts an earlier take back after a failed one was streaming; best effort, as the job has failed anyway. */
    void restore(Job job, Path earlier) {
        try {
            new ScenePublisher(link.session()).showFile(job.spec().clip(), job.spec().placement(), earlier);
        } catch (ObsException e) {
            LOG.warn("job {}: the previous take could not be put back: {}", job.id(), e.getMessage());
        }
    }

    /** OBS is back: show what finished while it was away. */
    void flush() {
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
