package io.lipsync.obs.daemon;

import com.google.gson.JsonObject;
import io.lipsync.obs.ObsException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a one-line status into a text source the user made (the daemon never adds it): the running job and
 * its progress, else the newest finished one. For OBS builds without browser docks (Debian's).
 */
final class StatusText {
    private static final Logger LOG = LoggerFactory.getLogger(StatusText.class);

    private final String source;
    private final ObsLink link;
    private String shown = "";

    StatusText(String source, ObsLink link) {
        this.source = source;
        this.link = link;
    }

    /** Shows the state of {@code jobs} (running, waiting, then finished newest first) if it changed. */
    synchronized void update(List<Job> jobs) {
        String text = describe(jobs, System.nanoTime());
        if (text.equals(shown) || !link.attached()) {
            return;
        }
        try {
            if (!link.session().inputExists(source)) {
                return;
            }
            JsonObject settings = new JsonObject();
            settings.addProperty("text", text);
            link.session().setInputSettings(source, settings);
            shown = text;
        } catch (ObsException e) {
            LOG.debug("status source {} not updated: {}", source, e.getMessage());
        }
    }

    static String describe(List<Job> jobs, long nowNanos) {
        if (jobs.isEmpty()) {
            return "Lip-sync: idle";
        }
        Job job = jobs.get(0);
        String clip = job.spec().clip().source();
        long waiting = jobs.stream().filter(j -> j.state() == JobState.QUEUED).count();
        String queue = waiting > (job.state() == JobState.QUEUED ? 1 : 0)
                ? " (+" + (waiting - (job.state() == JobState.QUEUED ? 1 : 0)) + " waiting)" : "";
        return switch (job.state()) {
            case RUNNING -> String.format(Locale.ROOT, "Lip-sync: %s, %s %d%%%s%s", clip, job.stage(),
                    Math.round(job.progress() * 100), left(job.secondsLeft(nowNanos)), queue);
            case QUEUED -> "Lip-sync: " + clip + " waiting" + queue;
            case DONE -> "Lip-sync: " + clip + " done";
            case FAILED -> "Lip-sync: " + clip + " failed: " + job.message();
            case CANCELLED -> "Lip-sync: " + clip + " cancelled";
        };
    }

    /** ", about 40 s left" or ", about 12 min left"; empty while unknown. */
    static String left(long seconds) {
        if (seconds < 0) {
            return "";
        }
        return seconds < 90 ? ", about " + seconds + " s left" : ", about " + Math.round(seconds / 60.0) + " min left";
    }
}
