package io.lipsync.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Work-in-progress files and folders (an output's .part, a face-cache entry being built, the frame store)
 * that must not outlive the process that writes them. Each is named for its writer (pid and start time):
 * deleted if the JVM stops (Ctrl-C, SIGTERM) first, and swept by a later process once that writer is gone
 * (SIGKILL, power loss), while a live writer's files, another render's among them, are left alone.
 */
public final class WorkFiles {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /** The start times the JDK reads for one process may differ by its clock-tick rounding, never by this. */
    private static final Duration SAME_START = Duration.ofSeconds(2);
    private static final Pattern OWNER = Pattern.compile("\\.lipsync-(\\d+)-(\\d+)-");
    private static final String STAMP = stamp(ProcessHandle.current());
    private static boolean stopping;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(WorkFiles::runNow, "lipsync-cleanup"));
        } catch (IllegalStateException shuttingDown) {
            stopping = true;
        }
    }

    private WorkFiles() {}

    /** Work that creates and opens files, and may fail as file work does. */
    @FunctionalInterface
    public interface Creation<T> {
        T create() throws IOException;
    }

    /**
     * A new empty file in {@code dir} named {@code .<name>.lipsync-<pid>-<start>-<n>.part}, deleted if the
     * process stops before {@link #done}. A native writer that opens it by name must do so inside
     * {@link #opening}, or the cleanup could delete it in between and the writer create it again.
     */
    public static Path createFile(Path dir, String name) throws IOException {
        return opening(() -> register(Files.createTempFile(dir, "." + name + STAMP, ".part")));
    }

    /** A new empty folder in {@code dir} named {@code <prefix>.lipsync-<pid>-<start>-<n>}, as {@link #createFile}. */
    public static Path createFolder(Path dir, String prefix) throws IOException {
        return opening(() -> register(Files.createTempDirectory(dir, prefix + STAMP)));
    }

    /**
     * Runs {@code create} (which makes and opens work in progress) while the stop cleanup waits, so that
     * never deletes a file half-way through being opened; once the process is stopping, nothing new starts.
     */
    public static synchronized <T> T opening(Creation<T> create) throws IOException {
        if (stopping) {
            throw new IOException("the program is stopping");
        }
        return create.create();
    }

    /** Deletes {@code path} (a file or a folder) if the process stops before {@link #done} is called. */
    public static Path register(Path path) {
        PENDING.add(path.toAbsolutePath());
        return path;
    }

    /** {@code path} was committed or removed by its owner. */
    public static void done(Path path) {
        PENDING.remove(path.toAbsolutePath());
    }

    /** Deletes {@code path}, which its owner gives up, and forgets it. */
    public static void discard(Path path) {
        delete(path);
        done(path);
    }

    /** Deletes everything still registered (the exit's hook). */
    private static synchronized void runNow() {
        stopping = true;
        PENDING.forEach(WorkFiles::delete);
    }

    /** The part of a work file's name that names its writer: {@code .lipsync-<pid>-<start ms>-}. */
    public static String stamp(ProcessHandle writer) {
        return ".lipsync-" + writer.pid() + "-"
                + writer.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "-";
    }

    /** Deletes the entries of {@code dir} whose writer is gone; returns how many. */
    public static int sweepAbandoned(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int swept = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (writerGone(p.getFileName().toString())) {
                    delete(p);
                    swept++;
                }
            }
        } catch (IOException e) {
            // best effort: the next sweep tries again
        }
        return swept;
    }

    /** True for a work file's name whose writing process no longer runs; false for any other name. */
    static boolean writerGone(String name) {
        Matcher m = OWNER.matcher(name);
        if (!m.find()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        Instant started = Instant.ofEpochMilli(Long.parseLong(m.group(2)));
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        // the pid may have been given to a later process; an unknown start time counts as the writer
        return process.get().info().startInstant()
                .map(now -> Duration.between(started, now).abs().compareTo(SAME_START) > 0)
                .orElse(false);
    }

    /** Deletes a file or a folder with everything in it, as far as it can. */
    public static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> s = Files.walk(path)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: what is left is swept once its writer is gone
        }
    }
}
