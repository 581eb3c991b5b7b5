package io.lipsync.pipeline;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import io.lipsync.util.UserError;
import io.lipsync.util.WorkFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The clip's decoded frames in a temporary file, readable in any order (a long voice plays the clip
 * backwards too) without holding them in memory. The file is deleted on close, on Ctrl-C, or (after a
 * kill) by the next render. A folder without room for the clip ends the render in one line that names the
 * folder and the room needed, before the disk fills.
 */
final class FrameStore implements AutoCloseable {
    /** Room left free for everything else on the disk. */
    static final long RESERVE = 64L << 20;

    private final Path folder;
    private final LongSupplier usableBytes;
    private final Path file;
    private final RandomAccessFile raf;
    private int width;
    private int height;
    private int count;
    private long expectedFrames;

    /** A store in the system's temporary folder. */
    FrameStore() {
        this(Path.of(System.getProperty("java.io.tmpdir")), null);
    }

    /** A store in {@code folder}; {@code usableBytes} tells its free room (null: ask the file system). */
    FrameStore(Path folder, LongSupplier usableBytes) {
        this.folder = folder;
        try {
            WorkFiles.sweepAbandoned(folder);
            file = WorkFiles.createFile(folder, "frames.rgb");
            raf = WorkFiles.opening(() -> new RandomAccessFile(file.toFile(), "rw"));
            java.nio.file.FileStore store = Files.getFileStore(file);
            this.usableBytes = usableBytes != null ? usableBytes : () -> {
                try {
                    return store.getUsableSpace();
                } catch (IOException e) {
                    return Long.MAX_VALUE;
                }
            };
        } catch (IOException e) {
            throw new UserError("cannot create a temporary frame file in " + folder + " (" + e.getMessage() + ")",
                    "make it writable, or run with LIPSYNC_JAVA_OPTS=-Djava.io.tmpdir=<a folder with room>");
        }
    }

    /** Learns the stream's size and length before its first frame, so a folder too small is refused at once. */
    void expect(VideoDecoder.Info info) {
        width = info.width();
        height = info.height();
        expectedFrames = info.durationMicros() > 0 ? info.frames25() : 0;
        requireRoom(0);
    }

    void append(Rgb frame) {
        if (count == 0) {
            width = frame.width();
            height = frame.height();
        }
        requireRoom(frameBytes());
        try {
            raf.seek((long) count * frameBytes());
            raf.write(frame.pixels());
            count++;
        } catch (IOException e) {
            throw full(usableBytes.getAsLong(), e);
        }
    }

    /** The frames still to come (at least the next one) must fit, with the reserve left over. */
    private void requireRoom(long next) {
        long toCome = Math.max(next, (expectedFrames - count) * (long) frameBytes());
        long usable = usableBytes.getAsLong();
        if (usable - toCome < RESERVE) {
            throw full(usable, null);
        }
    }

    private UserError full(long usable, Throwable cause) {
        long need = Math.max(expectedFrames, count + 1L) * frameBytes() + RESERVE;
        return new UserError("the temporary folder " + folder + " has " + mb(usable) + " MB free, but this clip's "
                + "decoded frames need about " + mb(need) + " MB (" + width + "x" + height + ", "
                + Math.max(expectedFrames, count + 1L) + " frames at 25 fps)",
                "free room there, or run with LIPSYNC_JAVA_OPTS=-Djava.io.tmpdir=<a folder with room>", cause);
    }

    private static long mb(long bytes) {
        return Math.max(0, bytes) >> 20;
    }

    Rgb get(int index) {
        byte[] pixels = new byte[frameBytes()];
        try {
            raf.seek((long) index * frameBytes());
            raf.readFully(pixels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rgb(width, height, pixels);
    }

    int count() {
        return count;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    private int frameBytes() {
        return width * height * 3;
    }

    @Override
    public void close() {
        try {
            raf.close();
        } catch (IOException ignored) {
            // the file goes either way
        }
        WorkFiles.discard(file);
    }
}
