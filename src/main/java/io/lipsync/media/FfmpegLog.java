package io.lipsync.media;

import org.bytedeco.ffmpeg.global.avutil;

/** Silences FFmpeg's console output: our own messages say what went wrong, in one sentence. */
final class FfmpegLog {
    private FfmpegLog() {}

    static void quiet() {
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }
}
