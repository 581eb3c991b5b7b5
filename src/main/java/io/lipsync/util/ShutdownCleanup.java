package io.lipsync.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Work-in-progress files and folders (an output's .part, a face-cache entry being built) that must not
 * outlive the process: registered while they exist, deleted if the JVM stops (Ctrl-C, SIGTERM) first.
 */
public final class ShutdownCleanup {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCleanup::runNow, "lipsync-cleanup"));
        } catch (IllegalStateException shuttingDown) {
            // first used while the JVM stops: nothing was registered, nothing to clean
        }
    }

    private ShutdownCleanup() {}

    /** Deletes {@code path} (a file or a folder) if the process stops before {@link #done} is called. */
    public static void register(Path path) {
        PENDING.add(path.toAbsolutePath());
    }

    /** {@code path} was committed or removed by its owner. */
    public static void done(Path path) {
        PENDING.remove(path.toAbsolutePath());
    }

    /** Deletes everything still registered (for a shutdown hook that halts the JVM itself). */
    public static void runNow() {
        PENDING.forEach(ShutdownCleanup::delete);
    }

    /** Deletes a file or a folder with everything in it, as far as it can. */
    public static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: what is left is swept as stale later
        }
    }
}
