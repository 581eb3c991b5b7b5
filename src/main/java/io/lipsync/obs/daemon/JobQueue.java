package io.lipsync.obs.daemon;

import io.lipsync.util.DaemonThreads;
import io.lipsync.util.Stopping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs jobs one at a time, in order. A trigger for a clip that already has a job waiting replaces that job
 * (same place in the queue), and a job starts only once its clip has had no new trigger for
 * {@code settleMillis}: a storm of triggers becomes one job per clip. A trigger for the clip being rendered
 * waits behind it.
 */
public final class JobQueue implements AutoCloseable {
    /** Does a job's work; throws {@link CancellationException} when the job was cancelled. */
    public interface Runner {
        void run(Job job) throws Exception;
    }

    /** Told of every change of a job's state. */
    public interface Listener {
        void changed(Job job);
    }

    private static final int HISTORY = 50;

    private final Runner runner;
    private final Listener listener;
    private final long settleMillis;
    private final List<Job> queued = new ArrayList<>();
    private final Deque<Job> finished = new ArrayDeque<>();
    private final Thread worker;
    private Job running;
    private boolean closed;

    public JobQueue(Runner runner, Listener listener, long settleMillis) {
        this.runner = runner;
        this.listener = listener;
        this.settleMillis = settleMillis;
        this.worker = DaemonThreads.named("lipsync-jobs").newThread(this::work);
    }

    public void start() {
        worker.start();
    }

    /** Queues {@code spec}, replacing a job of the same clip that has not started yet. */
    public Job submit(JobSpec spec) {
        Job job = new Job(spec, System.currentTimeMillis() + settleMillis);
        Job replaced = null;
        synchronized (this) {
            for (int i = 0; i < queued.size(); i++) {
                if (queued.get(i).spec().clip().key().equals(spec.clip().key())) {
                    replaced = queued.set(i, job);
                    break;
                }
            }
            if (replaced == null) {
                queued.add(job);
            }
            notifyAll();
        }
        if (replaced != null) {
            replaced.state(JobState.CANCELLED, "replaced by a newer trigger");
        }
        listener.changed(job);
        return job;
    }

    /** Records a trigger that could not become a job (no clip selected, no voice found ...), for the dock. */
    public void reject(JobSpec spec, String reason) {
        Job job = new Job(spec, 0);
        job.state(JobState.FAILED, reason);
        remember(job);
        listener.changed(job);
    }

    /** Cancels a waiting or running job; false when no such job is waiting or running. */
    public boolean cancel(String id) {
        Job job;
        synchronized (this) {
            job = queued.stream().filter(j -> j.id().equals(id)).findFirst().orElse(null);
            if (job != null) {
                queued.remove(job);
                job.state(JobState.CANCELLED, "cancelled");
                remember(job);
            } else if (running != null && running.id().equals(id)) {
                running.requestCancel();
                return true;
            } else {
                return false;
            }
        }
        listener.changed(job);
        return true;
    }

    /** Running, then waiting, then finished jobs (newest first). */
    public synchronized List<Job> jobs() {
        List<Job> all = unfinished();
        all.addAll(finished);
        return all;
    }

    /** The jobs not finished yet: what a restart must not lose. */
    public synchronized List<Job> unfinished() {
        List<Job> open = new ArrayList<>();
        if (running != null) {
            open.add(running);
        }
        open.addAll(queued);
        return open;
    }

    private void work() {
        while (true) {
            Job job;
            try {
                job = next();
            } catch (InterruptedException e) {
                return;
            }
            listener.changed(job);
            try {
                runner.run(job);
                job.progress(1);
                job.state(JobState.DONE, job.message());
            } catch (Stopping.Stopped e) {
                // The daemon is stopping: the journal keeps the job as running, so the next start resumes it.
                return;
            } catch (CancellationException e) {
                job.state(JobState.CANCELLED, "cancelled");
            } catch (Exception e) {
                job.state(JobState.FAILED, e.getMessage() != null ? e.getMessage() : e.toString());
            } catch (OutOfMemoryError e) {
                // The render's memory is released with its frames; the queue goes on with the next job.
                job.state(JobState.FAILED, "out of memory: give the daemon more (LIPSYNC_JAVA_OPTS=-Xmx...), "
                        + "or use the 256 px model (--model 1.5)");
            } catch (Error e) {
                job.state(JobState.FAILED, "the render failed inside the engine (" + e + "); the daemon goes on");
            }
            synchronized (this) {
                if (closed) {
                    // Stopping: the journal keeps the job as running, so the next start resumes it.
                    return;
                }
                running = null;
                remember(job);
            }
            listener.changed(job);
        }
    }

    /** Waits for the first job whose clip has settled, and marks it running. */
    private synchronized Job next() throws InterruptedException {
        while (true) {
            if (closed) {
                throw new InterruptedException();
            }
            long now = System.currentTimeMillis();
            long wait = Long.MAX_VALUE;
            for (Job job : queued) {
                if (job.eligibleAtMillis() <= now) {
                    queued.remove(job);
                    running = job;
                    job.state(JobState.RUNNING, "");
                    return job;
                }
                wait = Math.min(wait, job.eligibleAtMillis() - now);
            }
            wait(queued.isEmpty() ? 0 : Math.max(1, wait));
        }
    }

    private synchronized void remember(Job job) {
        finished.addFirst(job);
        while (finished.size() > HISTORY) {
            finished.removeLast();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
    }
}
