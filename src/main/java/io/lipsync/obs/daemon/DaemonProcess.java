package io.lipsync.obs.daemon;

import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.util.Stopping;
import io.lipsync.util.UserError;
import io.lipsync.util.WorkFiles;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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

    /** Runs until stopped; returns the exit status (0 when stopped or when OBS shut down). */
    public static int run(DaemonSettings settings, Run run) throws Exception {
        return Stopping.guard(LEAVE_JOBS, run.say(), () -> attached(settings, run));
    }

    private static int attached(DaemonSettings settings, Run run) throws InterruptedException {
        // Jobs wait for the models.
        CompletableFuture<LoadedRenderer> models = new CompletableFuture<>();
        CountDownLatch closed = new CountDownLatch(1);
        Thread onSignal = signalHook(Thread.currentThread(), closed);
        try (Daemon daemon = new Daemon(settings, (request, listener) -> models.join().render(request, listener))) {
            daemon.start();
            run.say().accept("dock: " + daemon.dockUrl());
            Runtime.getRuntime().addShutdownHook(onSignal);
            run.say().accept(run.samplingLine());
            run.say().accept("loading the models ...");
            try (LoadedRenderer loaded = run.models().get()) {
                models.complete(loaded);
                return untilStopped(daemon, run, settings);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException stopped) {
                run.say().accept("stopping; unfinished jobs resume on the next start");
                return 0;
            } catch (RuntimeException e) {
                models.completeExceptionally(e);
                throw e;
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process
            }
        }
    }

    /** Waits for OBS to go (with exitWithObs) or a fatal error; then the running job lets go of the models. */
    private static int untilStopped(Daemon daemon, Run run, DaemonSettings settings)
            throws InterruptedException, ExecutionException {
        try {
            run.say().accept("waiting for OBS at " + settings.obs() + " (Ctrl+C stops)");
            // fatal() brings the reason; obsExit() completes with null.
            Object why = (run.exitWithObs() ? CompletableFuture.anyOf(daemon.fatal(), daemon.obsExit())
                    : daemon.fatal()).get();
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

    /**
     * Ctrl+C or SIGTERM: the main thread closes the daemon (jobs journalled, partial files removed), then the
     * process ends at once with status 0 (System.exit from main would wait on this very hook).
     */
    private static Thread signalHook(Thread main, CountDownLatch closed) {
        return new Thread(() -> {
            main.interrupt();
            try {
                closed.await(LEAVE_JOBS.grace().toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // ending anyway
            }
            WorkFiles.runNow();
            Runtime.getRuntime().halt(0);
        }, "lipsync-stop");
    }
}
