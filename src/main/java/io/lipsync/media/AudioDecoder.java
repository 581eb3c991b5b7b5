package io.lipsync.media;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
            try {
                g.start();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new MediaException(file + " is not a media file FFmpeg can read (damaged, truncated, or not "
                        + "media); give a wav, mp3, m4a, aac, opus or video file");
            }
            if (g.getAudioStream() < 0 || g.getAudioChannels() == 0) {
                throw new MediaException(file + " has no audio stream; give a file with a voice track");
            }
            long origin = videoStartMicros(g);
            ShortBuffer all = ShortBuffer.allocate(1 << 16);
            boolean placed = false;
            long drop = 0;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) {
                    continue;
                }
                ShortBuffer s = (ShortBuffer) f.samples[0];
                if (!placed) {
                    placed = true;
                    long lead = origin == Long.MIN_VALUE ? 0 : Math.round((g.getTimestamp() - origin) * 1e-6 * SAMPLE_RATE);
                    if (lead > 0) {
                        all = ShortBuffer.allocate((int) Math.max(all.capacity(), 2 * lead));
                        all.position((int) lead);
                    } else {
                        drop = -lead;
                    }
                }
                // Later frames follow back to back: decoders emit them contiguously.
                int dropped = (int) Math.min(drop, s.remaining());
                s.position(s.position() + dropped);
                drop -= dropped;
                if (all.remaining() < s.remaining()) {
                    ShortBuffer bigger = ShortBuffer.allocate(Math.max(all.capacity() * 2, all.position() + s.remaining()));
                    all.flip();
                    bigger.put(all);
                    all = bigger;
                }
                all.put(s);
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
