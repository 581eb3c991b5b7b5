package io.lipsync.face;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * ONNX Runtime unpacks its native libraries into a new {@code onnxruntime-java*} temporary folder at every
 * start, before it reads any setting, and leaves only a delete-on-exit behind: a process that is killed, or
 * ends without running exit hooks, leaves the folder. Before ONNX Runtime starts, the empty ones older than
 * an hour (no running process still uses them) are removed.
 */
public final class OnnxNatives {
    private static final Duration AGE = Duration.ofHours(1);
    private static boolean swept;

    private OnnxNatives() {}

    /** Call before the first ONNX Runtime class loads; does its work once per process. */
    public static synchronized void prepare() {
        if (!swept) {
            swept = true;
            sweep(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(AGE));
        }
    }

    /** Removes the empty {@code onnxruntime-java*} folders in {@code tmp} last changed before {@code before}. */
    static int sweep(Path tmp, Instant before) {
        int removed = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "onnxruntime-java*")) {
            for (Path dir : dirs) {
                try {
                    if (Files.isDirectory(dir) && Files.getLastModifiedTime(dir).compareTo(FileTime.from(before)) < 0
                            && isEmpty(dir)) {
                        Files.delete(dir);
                        removed++;
                    }
                } catch (IOException e) {
                    // Another user's, or in use: not ours to remove.
                }
            }
        } catch (IOException e) {
            // No temp folder to read: nothing to sweep.
        }
        return removed;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
