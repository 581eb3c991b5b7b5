package io.lipsync.obs.daemon;

import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's presence in its state folder, read by the OBS script (which starts a daemon when none runs,
 * holds a press until the daemon is attached, and logs each job's news into OBS's log): its pid, whether OBS
 * is attached, the dock's URL and the latest job news. Lines of {@code key=value}, since the script reads it
 * in Lua; removed when the daemon stops (a daemon killed outright leaves it behind, and the script then
 * finds its pid gone).
 */
final class RunningFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunningFile.class);
    static final String NAME = "daemon.status";

    private final Path file;
    private String dockUrl = "";
    private boolean attached;
    private String news = "";
    private String models = "";
    private String error = "";
    private boolean removed;

    RunningFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    /** {@code models}: which model and sampling the daemon renders with, in a few words. */
    synchronized void started(String dock, String models) {
        dockUrl = dock;
        this.models = models;
        write();
    }

    /** The latest error: a failed job's reason, or why the daemon cannot go on. */
    synchronized void error(String line) {
        error = line.replace('\n', ' ');
        write();
    }

    synchronized void attached(boolean now) {
        attached = now;
        write();
    }

    /** The latest job news, one line (numbered, so that the same words twice still count as news). */
    synchronized void news(String line) {
        news = line.replace('\n', ' ');
        write();
    }

    /** Removes the file for good: a job that ends while the daemon closes must not bring it back. */
    synchronized void remove() {
        removed = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    private void write() {
        if (removed) {
            return;
        }
        String text = "pid=" + ProcessHandle.current().pid() + "\nobs=" + (attached ? "attached" : "waiting")
                + "\ndock=" + dockUrl + "\nmodels=" + models + "\nerror=" + error + "\njob=" + news + "\n";
        try {
            // The dock URL carries the token: the file is the user's alone, like the token's own file.
            AtomicFiles.writePrivate(file, text);
        } catch (IOException e) {
            LOG.warn("cannot write {} (the OBS script will not see this daemon): {}", file, e.getMessage());
        }
    }
}
