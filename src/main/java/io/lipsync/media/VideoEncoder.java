package io.lipsync.media;

import io.lipsync.face.Rgb;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes H.264 (yuv420p) at 25 fps with AAC audio to a temporary file beside the target, moved into place
 * only by {@link #commit()}, so a crash never leaves a half file under the target's name. JavaCV's FFmpeg
 * (the LGPL build) encodes H.264 with OpenH264, which takes a bitrate, not a quality level: it gets
 * {@link #BITS_PER_PIXEL} per pixel and frame, several times its 400 kb/s default at 360p.
 */
public final class VideoEncoder implements AutoCloseable {
    static {
        FfmpegLog.quiet();
    }

    /** About 2 Mb/s at 640x360 and 13 Mb/s at 1080p: faces stay sharp after the paste-back. */
    static final double BITS_PER_PIXEL = 0.35;

    private final Path target;
    private final Path temp;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width;
    private final int height;
    private boolean committed;

    public VideoEncoder(Path target, int width, int height, String format) {
        this.target = target;
        this.width = width;
        this.height = height;
        // 4:2:0 needs even sizes; odd ones get one repeated column or row rather than a 1 px stretch.
        int codedWidth = width + width % 2;
        int codedHeight = height + height % 2;
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new MediaException("cannot write beside " + target + ": " + e.getMessage(), e);
        }
        recorder = new FFmpegFrameRecorder(temp.toFile(), codedWidth, codedHeight, 1);
        recorder.setFormat(format);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(VideoDecoder.FPS);
        recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE,
                BITS_PER_PIXEL * codedWidth * codedHeight * VideoDecoder.FPS));
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(AudioDecoder.SAMPLE_RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(96_000);
        if (format.equals("mp4")) {
            recorder.setOption("movflags", "+faststart");
        }
        try {
            recorder.start();
        } catch (FFmpegFrameRecorder.Exception e) {
            deleteTemp();
            throw new MediaException("cannot start the H.264 encoder for " + width + "x" + height + ": "
                    + e.getMessage(), e);
        }
        frame = new Frame(codedWidth, codedHeight, Frame.DEPTH_UBYTE, 3);
    }

    public void writeVideo(Rgb image) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        buffer.clear();
        for (int y = 0; y < frame.imageHeight; y++) {
            int row = Math.min(y, height - 1);
            buffer.position(y * frame.imageStride);
            buffer.put(image.pixels(), row * width * 3, width * 3);
            if (frame.imageWidth > width) {
                buffer.put(image.pixels(), (row * width + width - 1) * 3, 3);
            }
        }
        buffer.rewind();
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new MediaException("encoding a frame failed: " + e.getMessage(), e);
        }
    }

    /** 16 kHz mono samples in [-1, 1]. */
    public void writeAudio(float[] samples, int from, int to) {
        if (to <= from) {
            return;
        }
        ShortBuffer s = ShortBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            s.put((short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768f))));
        }
        s.flip();
        try {
            recorder.recordSamples(AudioDecoder.SAMPLE_RATE, 1, s);
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new MediaException("encoding audio failed: " + e.getMessage(), e);
        }
    }

    /** Finishes the file and moves it to the target name. */
    public void commit() {
        try {
            recorder.stop();
            recorder.release();
            // Temp files are created private; the result is an ordinary file others (OBS, a browser) may read.
            try {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // the platform's defaults apply
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new MediaException("cannot finish " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            try {
                recorder.release();
            } catch (FFmpegFrameRecorder.Exception ignored) {
                // the partial file is deleted below either way
            }
            deleteTemp();
        }
    }

    private void deleteTemp() {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover hidden .part file is harmless and never read
        }
    }
}
