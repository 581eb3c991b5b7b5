package io.lipsync.obs.daemon;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.Preset;
import io.lipsync.util.UserError;
import io.lipsync.obs.Clip;
import io.lipsync.obs.ObsConnection;
import io.lipsync.obs.ObsListener;
import io.lipsync.obs.ObsSession;
import io.lipsync.obs.dock.DockBackend;
import io.lipsync.obs.dock.DockServer;
import io.lipsync.util.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lip-sync daemon: attached to OBS, it turns triggers (the script's hotkeys and button, the Tools menu,
 * the dock) into jobs, renders them one at a time and puts the results into the scene. Jobs survive a
 * restart through the journal.
 */
public final class Daemon implements ObsListener, DockBackend, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonSettings settings;
    private final ObsLink link = new ObsLink();
    private final TriggerResolver resolver;
    private final Publications publications = new Publications(link);
    private final JobJournal journal;
    private final DockServer server;
    private final ExecutorService triggers =
            Executors.newSingleThreadExecutor(DaemonThreads.named("lipsync-triggers"));
    private final CompletableFuture<String> fatal = new CompletableFuture<>();
    private final CompletableFuture<Void> obsExit = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final Renderer renderer;
    private final StatusText status;
    private final java.util.concurrent.ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("lipsync-status"));
    private JobQueue queue;
    private JobRunner runner;
    private ObsConnection connection;
    private final RunningFile running;
    private final java.util.concurrent.atomic.AtomicLong newsNumber = new java.util.concurrent.atomic.AtomicLong();
    private int port;

    public Daemon(DaemonSettings settings, Renderer renderer) {
        this.settings = settings;
        this.renderer = renderer;
        this.resolver = new TriggerResolver(link, settings.results().placement());
        this.journal = new JobJournal(settings.journal());
        this.server = new DockServer(settings.dock().token(), settings.renders(), this);
        this.status = settings.results().statusSource() == null ? null : new StatusText(settings.results().statusSource(), link);
        this.running = new RunningFile(settings.stateDir());
    }

    /** Starts serving, resumes the jobs a previous run left, and attaches to OBS. */
    public void start() {
        port = server.start(settings.dock().httpPort());
        runner = new JobRunner(settings, renderer, publications, server, port);
        queue = new JobQueue(runner, this::changed, settings.timing().settle().toMillis());
        try {
            for (JobJournal.Entry entry : journal.load()) {
                Job job = queue.submit(entry.spec());
                resolver.remember(entry.spec().clip());
                if (entry.wasRunning()) {
                    runner.cutOff(job);
                    job.state(JobState.QUEUED, "resumed: the daemon stopped while this job ran");
                    LOG.info("job {} {}: resumed after the daemon stopped while it ran", job.id(), label(job));
                }
            }
        } catch (IllegalStateException e) {
            LOG.warn("{}; earlier jobs are lost", e.getMessage());
        }
        queue.start();
        DaemonSettings.Sampling sampling = settings.sampling();
        running.started(dockUrl(), "the " + sampling.resolution() + " px model, " + sampling.options().describe());
        connection = new ObsConnection(settings.obs(), this, settings.timing().firstRetry(), settings.timing().maxRetry());
        connection.start();
        if (status != null) {
            ticker.scheduleWithFixedDelay(() -> status.update(queue.jobs()), 0, 1, TimeUnit.SECONDS);
        }
    }

    public int port() {
        return port;
    }

    public String dockUrl() {
        return "http://127.0.0.1:" + port + "/dock?token=" + settings.dock().token();
    }

    /** Completes with a message when the daemon cannot go on (OBS refused the password). */
    public CompletableFuture<String> fatal() {
        return fatal;
    }

    public JobQueue queue() {
        return queue;
    }

    private void changed(Job job) {
        LOG.info("job {} {} {}{}", job.id(), label(job), job.state().name().toLowerCase(java.util.Locale.ROOT),
                job.message().isEmpty() ? "" : ": " + job.message());
        journal.save(queue.unfinished());
        running.news(newsNumber.incrementAndGet() + " " + news(job, queue.jobs()));
        if (job.state() == JobState.FAILED) {
            running.error(job.spec().clip().source() + ": " + job.message());
        }
    }

    /** A job's news in a few words, for OBS's log: {@code Avatar: queued, 1 ahead}, {@code Avatar: failed: ...}. */
    static String news(Job job, java.util.List<Job> jobs) {
        String choices = job.spec().choices().label();
        String what = switch (job.state()) {
            case QUEUED -> {
                long ahead = jobs.stream().filter(j -> j != job && !j.state().finished()
                        && j.spec().createdMillis() <= job.spec().createdMillis()).count();
                yield "queued" + choices + (ahead > 0 ? ", " + ahead + " ahead" : "");
            }
            case RUNNING -> "rendering" + choices;
            case DONE -> "done" + (job.message().isEmpty() ? "" : ": " + job.message());
            case FAILED -> "failed: " + job.message();
            case CANCELLED -> "cancelled";
        };
        return job.spec().clip().source() + ": " + what;
    }

    private static String label(Job job) {
        return "'" + job.spec().clip().source() + "'";
    }

    // ---- OBS ----

    @Override
    public void connected(ObsSession session) {
        link.attach(session);
        running.attached(true);
        triggers.execute(() -> {
            try {
                LOG.info("OBS {} in scene '{}'", session.obsVersion(), session.currentScene());
            } catch (RuntimeException e) {
                LOG.warn("OBS did not say its version: {}", e.getMessage());
            }
            publications.flush();
        });
    }

    @Override
    public void disconnected(String reason) {
        link.detach();
        running.attached(false);
        LOG.info("lost OBS ({}); renders go on and reach the scene when OBS is back", reason);
    }

    @Override
    public void vendorEvent(String vendor, String type, JsonObject data) {
        Trigger trigger;
        try {
            trigger = Trigger.fromVendorEvent(vendor, type, data);
        } catch (RuntimeException e) {
            LOG.warn("ignored a malformed {} event from {}: {}", type, vendor, e.getMessage());
            return;
        }
        if (trigger != null) {
            triggers.execute(() -> handle(trigger));
        }
    }

    @Override
    public void sceneItemSelected(String scene, int sceneItemId) {
        link.selected(scene, sceneItemId);
    }

    @Override
    public void fatal(String message) {
        running.error(message);
        fatal.complete(message);
    }

    @Override
    public void obsExiting() {
        LOG.info("OBS is shutting down");
        obsExit.complete(null);
    }

    /** Completes when OBS says it is shutting down (a daemon started by OBS stops with it). */
    public CompletableFuture<Void> obsExit() {
        return obsExit;
    }

    /** Resolves and queues a trigger; a trigger that cannot become a job shows up failed, with the reason. */
    private String handle(Trigger trigger) {
        try {
            settings.sampling().requireModelFor(trigger.choices().preset());
            Job job = queue.submit(resolver.resolve(trigger));
            return "queued " + job.spec().clip().source() + " (voice: " + job.spec().voice().foundBy() + ")";
        } catch (RuntimeException e) {
            String what = trigger.source() != null ? trigger.source() : "selected clip";
            Clip label = new Clip(trigger.scene() != null ? trigger.scene() : "", -1, what, null, null, false);
            queue.reject(new JobSpec(TriggerResolver.newId(), trigger.action(), label, null, null, trigger.choices(),
                    trigger.origin() != null ? trigger.origin() : "obs", System.currentTimeMillis()), e.getMessage());
            return e.getMessage();
        }
    }

    // ---- the dock ----

    @Override
    public JsonObject state() {
        JsonObject state = new JsonObject();
        state.addProperty("obs", link.attached());
        JsonArray jobs = new JsonArray();
        for (Job job : queue.jobs()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", job.id());
            o.addProperty("clip", job.spec().clip().source());
            o.addProperty("scene", job.spec().clip().scene());
            o.addProperty("action", job.spec().action().name());
            o.addProperty("origin", job.spec().origin());
            o.addProperty("preset", job.spec().choices().preset() != null ? job.spec().choices().preset().label() : "");
            o.addProperty("face", job.spec().choices().face().toString());
            o.addProperty("state", job.state().name());
            o.addProperty("stage", job.stage());
            o.addProperty("progress", job.progress());
            o.addProperty("secondsLeft", job.secondsLeft(System.nanoTime()));
            o.addProperty("message", job.message());
            o.addProperty("segments", job.segments());
            if (job.spec().voice() != null) {
                o.addProperty("voice", job.spec().voice().foundBy());
            }
            if (job.output() != null) {
                o.addProperty("output", server.mediaUrl(port, job.output()));
            }
            jobs.add(o);
        }
        state.add("jobs", jobs);
        return state;
    }

    @Override
    public CompletableFuture<String> trigger(String action, String preset, String face) {
        Preset look;
        FaceChoice whose;
        try {
            look = preset == null || preset.isBlank() ? null : Preset.parse(preset);
        } catch (UserError e) {
            return CompletableFuture.completedFuture("the preset must be draft, standard or final, not '" + preset + "'");
        }
        try {
            whose = FaceChoice.parse(face);
        } catch (UserError e) {
            return CompletableFuture.completedFuture(e.userMessage());
        }
        JobChoices chosen = new JobChoices(look, whose);
        Trigger trigger = new Trigger(Trigger.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)), null, null,
                null, null, null, chosen, "dock");
        return CompletableFuture.supplyAsync(() -> handle(trigger), triggers);
    }

    @Override
    public boolean cancel(String jobId) {
        return queue.cancel(jobId);
    }

    @Override
    public byte[] preview(String jobId) {
        return queue.jobs().stream().filter(j -> j.id().equals(jobId)).findFirst().map(runner::preview).orElse(null);
    }

    /** Stops everything; a second call does nothing. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (connection != null) {
            connection.close();
        }
        if (queue != null) {
            queue.close();
        }
        triggers.shutdownNow();
        ticker.shutdownNow();
        server.close();
        running.remove();
    }
}
