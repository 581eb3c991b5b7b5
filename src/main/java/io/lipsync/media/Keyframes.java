package io.lipsync.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Where a video's keyframes are, read from its packets without decoding: the only places a stream copy can cut. */
public final class Keyframes {
    static {
        FfmpegLog.quiet();
    }

    private Keyframes() {}

    /** Presentation times (seconds from the stream's start) of the video stream's keyframes, in order. */
    public static List<Double> times(Path video) {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile())) {
            g.start();
            int index = g.getVideoStream();
            if (index < 0) {
                throw new MediaException(video + " has no video stream");
            }
            AVStream stream = g.getFormatContext().streams(index);
            double base = stream.time_base().num() / (double) stream.time_base().den();
            long start = stream.start_time() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE ? 0 : stream.start_time();
            List<Double> out = new ArrayList<>();
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                if (p.stream_index() == index && (p.flags() & avcodec.AV_PKT_FLAG_KEY) != 0) {
                    out.add(Math.round((p.pts() - start) * base * 1e6) / 1e6);
                }
                avcodec.av_packet_unref(p);
            }
            out.sort(Double::compare);
            return out;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new MediaException("cannot read the packets of " + video + ": " + e.getMessage(), e);
        }
    }
}
