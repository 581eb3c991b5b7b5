package io.lipsync.media;

import io.lipsync.image.Rgb;
import io.lipsync.util.Stopping;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Decodes a video to RGB frames at a constant 25 fps whatever its own rate (variable rates included): output
 * frame i shows the last source frame whose timestamp is at or before (i + 1/2) / 25 s.
 */
public final class VideoDecoder {
    public static final int FPS = 25;

    /** What the video stream is; durationMicros is the container's length, 0 when it does not say. */
    public record Info(int width, int height, double sourceFps, boolean hasAudio, long durationMicros) {
        /** About how many frames decoding at 25 fps gives. */
        public long frames25() {
            return Math.max(1, (durationMicros * FPS + 999_999) / 1_000_000);
        }
    }

    static {
        FfmpegLog.quiet();
    }

    private VideoDecoder() {}

    /** Streams every 25 fps frame to {@code sink}; returns the stream's description. */
    public static Info decode(Path file, Consumer<Rgb> sink) {
        return decode(file, info -> { }, sink, true);
    }

    /** As {@link #decode(Path, Consumer)}, telling {@code start} what the stream is before the first frame. */
    public static Info decode(Path file, Consumer<Info> start, Consumer<Rgb> sink) {
        return decode(file, start, sink, true);
    }

    /**
     * Streams every decoded frame in order, whatever its timestamp, as OpenCV and decord read a file (and so
     * upstream's steps after its 25 fps re-encode): for files already at a constant 25 fps.
     */
    public static Info decodeInOrder(Path file, Consumer<Rgb> sink) {
        return decode(file, info -> { }, sink, false);
    }

    private static Info decode(Path file, Consumer<Info> start, Consumer<Rgb> sink, boolean byTime) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("video " + file + " does not exist");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            Grabbers.start(g, file + " is not a video FFmpeg can read (damaged, truncated, or not a media file); give a "
                    + "clip in any common format (mp4, mov, mkv, webm, ...)");
            if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
                throw new MediaException(file + " has no video stream; give a clip with a face in it");
            }
            Info info = new Info(g.getImageWidth(), g.getImageHeight(), g.getFrameRate(), g.getAudioStream() >= 0,
                    Math.max(0, g.getLengthInTime()));
            start.accept(info);
            if (!byTime) {
                Frame f;
                while ((f = g.grabImage()) != null) {
                    Stopping.check();
                    sink.accept(toRgb(f));
                }
                return info;
            }
            Rgb held = null;
            long heldPts = 0;
            long next = 0;
            long lastPts = -1;
            long first = Long.MIN_VALUE;
            Frame f;
            while ((f = g.grabImage()) != null) {
                Stopping.check();
                // Streams may start at any timestamp (MPEG-TS starts near 1.4 s): count from the first frame.
                if (first == Long.MIN_VALUE) {
                    first = g.getTimestamp();
                }
                long pts = Math.max(g.getTimestamp() - first, lastPts + 1);
                lastPts = pts;
                Rgb rgb = toRgb(f);
                if (held == null) {
                    held = rgb;
                    heldPts = pts;
                    continue;
                }
                // Emit every slot whose time is closer to the held frame than to this one.
                while (slotMicros(next) * 2 < heldPts + pts) {
                    sink.accept(held);
                    next++;
                }
                held = rgb;
                heldPts = pts;
            }
            if (held != null) {
                double frameMicros = info.sourceFps() > 0 ? 1e6 / info.sourceFps() : 1e6 / FPS;
                long end = heldPts + (long) frameMicros;
                while (slotMicros(next) < end - 1e6 / FPS / 2) {
                    sink.accept(held);
                    next++;
                }
                if (next == 0) {
                    sink.accept(held);
                }
            }
            return info;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new MediaException("cannot decode " + file + ": " + e.getMessage(), e);
        }
    }

    private static long slotMicros(long i) {
        return i * 1_000_000L / FPS;
    }

    private static Rgb toRgb(Frame f) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        ByteBuffer src = ((ByteBuffer) f.image[0]).duplicate();
        int stride = f.imageStride;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            src.position(y * stride);
            src.get(out, y * w * 3, w * 3);
        }
        return new Rgb(w, h, out);
    }
}
