package io.lipsync.obs.daemon;

import java.nio.file.Path;

/** A job and how far it got; its fields change as it runs and are read by the dock and the journal. */
public final class Job {
    private final JobSpec spec;
    private volatile JobState state = JobState.QUEUED;
    private volatile double progress;
    private volatile String stage = "waiting";
    private volatile String message = "";
    private volatile int segments;
    private volatile Path output;
    private volatile boolean cancelRequested;
    private volatile long eligibleAtMillis;
    private volatile long stageStartNanos = System.nanoTime();

    Job(JobSpec spec, long eligibleAtMillis) {
        this.spec = spec;
        this.eligibleAtMillis = eligibleAtMillis;
    }

    public JobSpec spec() {
        return spec;
    }

    public String id() {
        return spec.id();
    }

    public JobState state() {
        return state;
    }

    public double progress() {
        return progress;
    }

    public String stage() {
        return stage;
    }

    public String message() {
        return message;
    }

    public int segments() {
        return segments;
    }

    public Path output() {
        return output;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    long eligibleAtMillis() {
        return eligibleAtMillis;
    }

    void state(JobState s, String text) {
        state = s;
        message = text;
    }

    void stage(String name) {
        if (!name.equals(stage)) {
            stageStartNanos = System.nanoTime();
            progress = 0;
        }
        stage = name;
    }

    /**
     * The seconds the current stage still needs at the pace it has kept so far (this job's own speed on this
     * machine, preset and clip), or -1 while too little of it has run to tell.
     */
    public long secondsLeft(long nowNanos) {
        double p = progress;
        double elapsed = (nowNanos - stageStartNanos) / 1e9;
        if (state != JobState.RUNNING || p < 0.02 || p >= 1 || elapsed < 2) {
            return -1;
        }
        return Math.round(elapsed * (1 - p) / p);
    }

    void progress(double fraction) {
        progress = fraction;
    }

    void segments(int count) {
        segments = count;
    }

    void output(Path file) {
        output = file;
    }

    void requestCancel() {
        cancelRequested = true;
    }
}
