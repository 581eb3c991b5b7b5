package io.lipsync.obs.daemon;

public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
