package io.lipsync.media;

import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Decodes the audio of any file FFmpeg reads (or the audio track of a video) to 16 kHz mono floats. */
public final class AudioDecoder {
    public static final int SAMPLE_RATE = 16_000;

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
            ShortBuffer all = ShortBuffer.allocate(1 << 16);
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) {
                    continue;
                }
                ShortBuffer s = (ShortBuffer) f.samples[0];
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
}
