package io.lipsync.media;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** What streams a media file has, without decoding it. */
public final class MediaProbe {
    /** The file's streams, its duration in seconds (0 when the container does not say) and its frame rate. */
    public record Streams(boolean video, boolean audio, double seconds, double fps) {
        public boolean audioOnly() {
            return audio && !video;
        }
    }

    static {
        FfmpegLog.quiet();
    }

    private MediaProbe() {}

    public static Streams probe(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file + " does not exist");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            boolean video = g.getVideoStream() >= 0 && g.getImageWidth() > 0 && !isCoverArt(g);
            return new Streams(video, g.getAudioStream() >= 0 && g.getAudioChannels() > 0,
                    Math.max(0, g.getLengthInTime()) / 1e6, video ? g.getFrameRate() : 0);
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new MediaException(file + " is not a media file FFmpeg can read");
        }
    }

    /** An mp3's or m4a's embedded picture shows up as a one-frame video stream; it is not a video. */
    private static boolean isCoverArt(FFmpegFrameGrabber g) {
        return g.getAudioStream() >= 0 && g.getLengthInVideoFrames() <= 1 && g.getFrameRate() <= 0.01;
    }
}
