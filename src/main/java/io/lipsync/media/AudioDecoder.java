package io.lipsync.media;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Decodes the audio of any file FFmpeg reads (or the audio track of a video) to 16 kHz mono floats, placed by
 * presentation time: in a video, sample 0 is the time of the first video frame, which {@link VideoDecoder} calls
 * frame 0. Audio that starts late gets leading silence and audio before that time is dropped, so a clip whose
 * audio stream was shifted (for example by a stream-copy {@code -itsoffset}) decodes with that shift.
 */
public final class AudioDecoder {
    public static final int SAMPLE_RATE = 16_000;
    /** Samples that go with one 25 fps video frame. */
    public static final int SAMPLES_PER_FRAME = SAMPLE_RATE / VideoDecoder.FPS;

    static {
        FfmpegLog.quiet();
    }

    private AudioDecoder() {}

    /** Samples in [-1, 1) at 16 kHz, mono (channels mixed by FFmpeg's resampler). */
    public static float[] decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("voice track " + file + " does not exist");
        }
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleRate(SAMPLE_RATE);
            g.setAudioChannels(1);
            g.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
            Grabbers.start(g, file + " is not a media file FFmpeg can read (damaged, truncated, or not media); give a "
                    + "wav, mp3, m4a, aac, opus or video file");
            if (g.getAudioStream() < 0 || g.getAudioChannels() == 0) {
                throw new MediaException(file + " has no audio stream; give a file with a voice track");
            }
            long origin = videoStartMicros(g);
            Placement placement = new Placement(origin);
            ShortBuffer all = ShortBuffer.allocate(1 << 16);
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) {
                    continue;
                }
                for (ShortBuffer s : placement.take((ShortBuffer) f.samples[0], g.getTimestamp())) {
                    all = append(all, s);
                }
            }
            for (ShortBuffer s : placement.finish()) {
                all = append(all, s);
            }
            all.flip();
            float[] out = new float[all.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i) / 32768f;
            }
            return out;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new MediaException("cannot decode the audio of " + file + ": " + e.getMessage(), e);
        }
    }

    private static ShortBuffer append(ShortBuffer all, ShortBuffer s) {
        if (all.remaining() < s.remaining()) {
            ShortBuffer bigger = ShortBuffer.allocate(Math.max(all.capacity() * 2, all.position() + s.remaining()));
            all.flip();
            bigger.put(all);
            all = bigger;
        }
        return all.put(s);
    }

    /**
     * Places the decoded samples against the video's first frame: leading silence when the audio starts
     * later, its samples before that time dropped when it starts earlier. Frames follow back to back, so one
     * timestamp places them all; it is read from the second frame: when a file's audio starts before its
     * video, the first frame has had samples cut off its front (an edit list's skip) and FFmpeg cannot move
     * its timestamp to match, so that one is early by the samples cut.
     */
    private static final class Placement {
        private final long originMicros;
        private ShortBuffer first;
        private long firstMicros;
        private long drop = -1;

        Placement(long originMicros) {
            this.originMicros = originMicros;
        }

        /** The samples to keep, in order, once placed; the first frame waits for the second. */
        List<ShortBuffer> take(ShortBuffer samples, long micros) {
            if (drop < 0 && first == null) {
                first = ShortBuffer.allocate(samples.remaining()).put(samples);
                first.flip();
                firstMicros = micros;
                return List.of();
            }
            if (drop < 0) {
                return place(micros - Math.round(first.remaining() * 1e6 / SAMPLE_RATE), samples);
            }
            return List.of(trim(samples));
        }

        /** What is still held when the stream ends (a one-frame stream is placed by its own timestamp). */
        List<ShortBuffer> finish() {
            return drop < 0 && first != null ? place(firstMicros, ShortBuffer.allocate(0)) : List.of();
        }

        private List<ShortBuffer> place(long startMicros, ShortBuffer second) {
            long lead = originMicros == Long.MIN_VALUE ? 0 : Math.round((startMicros - originMicros) * 1e-6 * SAMPLE_RATE);
            drop = Math.max(0, -lead);
            ShortBuffer silence = ShortBuffer.allocate((int) Math.max(0, lead));
            ShortBuffer head = trim(first);
            first = null;
            return List.of(silence, head, trim(second));
        }

        private ShortBuffer trim(ShortBuffer samples) {
            int dropped = (int) Math.min(drop, samples.remaining());
            samples.position(samples.position() + dropped);
            drop -= dropped;
            return samples;
        }
    }

    /** The start time of the file's video stream in microseconds, or MIN_VALUE for audio-only files. */
    private static long videoStartMicros(FFmpegFrameGrabber g) {
        int index = g.getVideoStream();
        if (index < 0) {
            return Long.MIN_VALUE;
        }
        AVStream video = g.getFormatContext().streams(index);
        // Cover art in music files is a one-picture "video" stream with no clock of its own.
        if ((video.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0 || video.start_time() == avutil.AV_NOPTS_VALUE) {
            return Long.MIN_VALUE;
        }
        return avutil.av_rescale_q(video.start_time(), video.time_base(), avutil.av_make_q(1, 1_000_000));
    }
}
