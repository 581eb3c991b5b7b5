package io.lipsync.obs.daemon;

import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.util.Stopping;
import io.lipsync.util.UserError;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code lipsync daemon} in the foreground: the dock up first (a taken port fails in a second, not after a 5 GB
 * load), then the models, then attached to OBS until stopped: by Ctrl+C or SIGTERM, by a fatal error, or with
 * {@code exitWithObs} when OBS shuts down. Unfinished jobs stay journalled and resume on the next start.
 */
public final class DaemonProcess {
    /** What the run needs beyond the daemon's settings: when to stop, the models to load, and where to talk. */
    public record Run(boolean exitWithObs, String samplingLine, Supplier<LoadedRenderer> models, Consumer<String> say) {}

    private DaemonProcess() {}

    /**
     * How the daemon stops under a running job: the job is left at its next check point (journalled, it resumes
     * on the next start) before the models close, and the exit waits for that (see Stopping).
     */
    private static final Stopping.Policy LEAVE_JOBS = new Stopping.Policy(null, true, Duration.ofSeconds(30));
    /** How often the waiting daemon looks for a stop request: a stop ends it within this. */
    private static final long STOP_POLL_MILLIS = 100;

    /** Runs until stopped; returns the exit status (0 when stopped or when OBS shut down). */
    public static int run(DaemonSettings settings, Run run) throws Exception {
        return Stopping.guard(LEAVE_JOBS, run.say(), () -> attached(settings, run));
    }

    private static int attached(DaemonSettings settings, Run run) throws InterruptedException {
        // Jobs wait for the models.
        CompletableFuture<LoadedRenderer> models = new CompletableFuture<>();
        try (Daemon daemon = new Daemon(settings, (request, listener) -> models.join().render(request, listener))) {
            daemon.start();
            run.say().accept("dock: " + daemon.dockUrl());
            run.say().accept(run.samplingLine());
            run.say().accept("loading the models ...");
            try (LoadedRenderer loaded = run.models().get()) {
                models.complete(loaded);
                return untilStopped(daemon, run, settings);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (RuntimeException e) {
                models.completeExceptionally(e);
                throw e;
            }
        }
    }

    /**
     * Waits for Ctrl+C or SIGTERM (Stopping's request), OBS going (with exitWithObs) or a fatal error; then the
     * running job lets go of the models. A stop is the daemon's normal end: status 0.
     */
    private static int untilStopped(Daemon daemon, Run run, DaemonSettings settings)
            throws InterruptedException, ExecutionException {
        try {
            run.say().accept("waiting for OBS at " + settings.obs() + " (Ctrl+C stops)");
            // fatal() brings the reason; obsExit() completes with null.
            CompletableFuture<?> end = run.exitWithObs() ? CompletableFuture.anyOf(daemon.fatal(), daemon.obsExit())
                    : daemon.fatal();
            Object why;
            while (true) {
                if (Stopping.requested()) {
                    run.say().accept("stopping; unfinished jobs resume on the next start");
                    return 0;
                }
                try {
                    why = end.get(STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    // look for a stop request again
                }
            }
            if (why == null) {
                run.say().accept("OBS is shutting down; stopping with it (unfinished jobs resume on the next start)");
                return 0;
            }
            throw new UserError(why.toString());
        } finally {
            // Before the models close (they wait for a render in progress): the job stops at its next check point.
            Stopping.request();
        }
    }
}
