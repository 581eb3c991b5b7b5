package io.lipsync.media;

import io.lipsync.image.Rgb;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A video's 25 fps frames pulled one at a time, for walking two videos side by side: {@link VideoDecoder}
 * decodes on a thread of its own a few frames ahead, so neither video is held whole.
 */
public final class FrameStream implements Iterator<Rgb>, AutoCloseable {
    private static final Object END = new Object();
    private static final int AHEAD = 4;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread decoder;
    private volatile boolean closed;
    private Object next;

    private FrameStream(Path video) {
        decoder = new Thread(() -> {
            Object last = END;
            try {
                VideoDecoder.decode(video, frame -> {
                    if (closed) {
                        throw new Closed();
                    }
                    put(frame);
                });
            } catch (Closed e) {
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            put(last);
        }, "frames-" + video.getFileName());
        decoder.setDaemon(true);
        decoder.start();
    }

    public static FrameStream open(Path video) {
        return new FrameStream(video);
    }

    private void put(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Closed();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MediaException("interrupted while decoding", e);
            }
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return next != END;
    }

    @Override
    public Rgb next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Rgb frame = (Rgb) next;
        next = null;
        return frame;
    }

    @Override
    public void close() {
        closed = true;
        decoder.interrupt();
        queue.clear();
    }

    /** Ends the decoder thread early when the stream is closed. */
    private static final class Closed extends RuntimeException {
        Closed() {
            super(null, null, false, false);
        }
    }
}
