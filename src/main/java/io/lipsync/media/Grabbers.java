package io.lipsync.media;

import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Opening a media file with FFmpeg, with the user's error when it cannot be read. */
final class Grabbers {
    private Grabbers() {}

    /** Starts {@code g}; a file FFmpeg cannot read ends in {@code unreadable}, which says what to give instead. */
    static void start(FFmpegFrameGrabber g, String unreadable) {
        try {
            g.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new MediaException(unreadable);
        }
    }
}
