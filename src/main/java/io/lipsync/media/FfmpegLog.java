package io.lipsync.media;

import org.bytedeco.ffmpeg.global.avutil;

/** Keeps FFmpeg's console chatter to real errors; our own messages say what went wrong. */
final class FfmpegLog {
    private FfmpegLog() {}

    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
}
