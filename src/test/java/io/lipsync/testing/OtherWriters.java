package io.lipsync.testing;

import io.lipsync.util.WorkFiles;
import java.io.IOException;

/** Work-file name stamps of other processes: one still running, one that has ended. */
public final class OtherWriters implements AutoCloseable {
    private final Process running;
    private final String ended;

    public OtherWriters() throws IOException, InterruptedException {
        running = new ProcessBuilder("sleep", "600").start();
        Process done = new ProcessBuilder("true").start();
        // the handle's start time must be read while the process lives
        String stamp = WorkFiles.stamp(done.toHandle());
        done.waitFor();
        ended = stamp;
    }

    /** The stamp of a process that runs until {@link #close}. */
    public String running() {
        return WorkFiles.stamp(running.toHandle());
    }

    /** The stamp of a process that has ended. */
    public String ended() {
        return ended;
    }

    @Override
    public void close() {
        running.destroyForcibly();
    }
}
