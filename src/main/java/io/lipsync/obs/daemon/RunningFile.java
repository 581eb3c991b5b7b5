package io.lipsync.obs.daemon;

import io.lipsync.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's presence in its state folder, read by the OBS script (which starts a daemon when none runs and
 * holds a press until the daemon is attached): its pid, whether OBS is attached, the dock's URL. Lines of
 * {@code key=value}, since the script reads it in Lua; removed when the daemon stops (a daemon killed outright
 * leaves it behind, and the script then finds its pid gone).
 */
final class RunningFile {
    private static final Logger LOG = LoggerFactory.getLogger(RunningFile.class);
    static final String NAME = "daemon.status";

    private final Path file;

    RunningFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    void write(boolean attached, String dockUrl) {
        String text = "pid=" + ProcessHandle.current().pid() + "\nobs=" + (attached ? "attached" : "waiting")
                + "\ndock=" + dockUrl + "\n";
        try {
            // The dock URL carries the token: the file is the user's alone, like the token's own file.
            AtomicFiles.writePrivate(file, text);
        } catch (IOException e) {
            LOG.warn("cannot write {} (the OBS script will not see this daemon): {}", file, e.getMessage());
        }
    }

    void remove() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }
}
