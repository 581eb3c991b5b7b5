package io.lipsync.pipeline;

import io.lipsync.image.Rgb;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The clip's decoded frames in a temporary file, readable in any order (a long voice plays the clip
 * backwards too) without holding them in memory. The file is deleted on close.
 */
final class FrameStore implements AutoCloseable {
    private final Path file;
    private final RandomAccessFile raf;
    private int width;
    private int height;
    private int count;

    FrameStore() {
        try {
            file = Files.createTempFile("lipsync-frames", ".rgb");
            file.toFile().deleteOnExit();
            raf = new RandomAccessFile(file.toFile(), "rw");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary frame file", e);
        }
    }

    void append(Rgb frame) {
        if (count == 0) {
            width = frame.width();
            height = frame.height();
        }
        try {
            raf.seek((long) count * frameBytes());
            raf.write(frame.pixels());
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the temporary frame file (disk full?)", e);
        }
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
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // deleteOnExit still removes it
        }
    }
}
