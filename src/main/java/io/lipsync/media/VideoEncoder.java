package io.lipsync.media;

import io.lipsync.image.Rgb;
import io.lipsync.util.Stopping;
import io.lipsync.util.WorkFiles;
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
 *
 * <p>With an {@link Hls} stream, FFmpeg's tee muxer writes the very same packets twice: into the file and
 * into HLS segments of a fixed number of frames (a keyframe starts each), so the file and the concatenated
 * segments hold identical video and one continuous audio track.
 */
public final class VideoEncoder implements AutoCloseable {
    static {
        FfmpegLog.quiet();
    }

    /** About 2 Mb/s at 640x360 and 13 Mb/s at 1080p: faces stay sharp after the paste-back. */
    static final double BITS_PER_PIXEL = 0.35;

    /** HLS segments beside the main output: where, and how many frames each segment holds. */
    public record Hls(Path dir, int framesPerSegment) {
        public static final String PLAYLIST = "playlist.m3u8";

        public Path playlist() {
            return dir.resolve(PLAYLIST);
        }
    }

    private final Path target;
    private final Hls hls;
    private final Path temp;
    private final FFmpegFrameRecorder recorder;
    private final Frame frame;
    private final int width;
    private final int height;
    private boolean committed;

    public VideoEncoder(Path target, int width, int height, String format) {
        this(target, width, height, format, null);
    }

    /** {@code hls} (or null): also write the stream as HLS segments, from the same packets. */
    public VideoEncoder(Path target, int width, int height, String format, Hls hls) {
        this.target = target;
        this.hls = hls;
        this.width = width;
        this.height = height;
        // 4:2:0 needs even sizes; odd ones get one repeated column or row rather than a 1 px stretch.
        int codedWidth = width + width % 2;
        int codedHeight = height + height % 2;
        Path dir = target.toAbsolutePath().getParent();
        Path[] made = new Path[1];
        try {
            Files.createDirectories(dir);
            WorkFiles.sweepAbandoned(dir);
            if (hls != null) {
                Files.createDirectories(hls.dir());
            }
            // ffmpeg opens the file by name: inside opening(), a Ctrl-C cleanup cannot slip in between
            recorder = WorkFiles.opening(() -> {
                made[0] = WorkFiles.createFile(dir, target.getFileName().toString());
                FFmpegFrameRecorder r = recorder(made[0], format, hls, codedWidth, codedHeight);
                r.start();
                return r;
            });
            temp = made[0];
        } catch (IOException e) {
            if (made[0] != null) {
                WorkFiles.discard(made[0]);
            }
            throw new MediaException(e instanceof FFmpegFrameRecorder.Exception
                    ? "cannot start the H.264 encoder for " + width + "x" + height + ": " + e.getMessage()
                    : "cannot write beside " + target + ": " + e.getMessage(), e);
        }
        frame = new Frame(codedWidth, codedHeight, Frame.DEPTH_UBYTE, 3);
    }

    private static FFmpegFrameRecorder recorder(Path temp, String format, Hls hls, int codedWidth, int codedHeight) {
        FFmpegFrameRecorder recorder;
        if (hls == null) {
            recorder = new FFmpegFrameRecorder(temp.toFile(), codedWidth, codedHeight, 1);
            recorder.setFormat(format);
            if (format.equals("mp4")) {
                recorder.setOption("movflags", "+faststart");
            }
        } else {
            recorder = new FFmpegFrameRecorder(teeOutputs(format, temp, hls), codedWidth, codedHeight, 1);
            recorder.setFormat("tee");
            recorder.setGopSize(hls.framesPerSegment());
        }
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(VideoDecoder.FPS);
        recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE,
                BITS_PER_PIXEL * codedWidth * codedHeight * VideoDecoder.FPS));
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
        recorder.setSampleRate(AudioDecoder.SAMPLE_RATE);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(96_000);
        return recorder;
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
        Stopping.check();
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

    /**
     * The tee muxer's outputs: the file (format {@code format}) and the HLS stream. Its playlist and segments
     * are written under temporary names and renamed when complete, so a player never reads half of one.
     */
    private static String teeOutputs(String format, Path file, Hls hls) {
        double seconds = hls.framesPerSegment() / (double) VideoDecoder.FPS;
        String fileOptions = format.equals("mp4") ? "f=mp4:movflags=+faststart" : "f=" + format;
        return "[" + fileOptions + "]" + teeName(file) + "|[f=hls:hls_time=" + seconds
                + ":hls_list_size=0:hls_playlist_type=event:hls_flags=temp_file:hls_segment_filename="
                + teeOption(hls.dir().resolve("segment%05d.ts")) + "]" + teeName(hls.playlist());
    }

    /** A file name after a tee slave's options: the tee muxer unescapes it once. */
    private static String teeName(Path p) {
        return p.toAbsolutePath().toString().replaceAll("([\\\\|\\[\\]])", "\\\\$1");
    }

    /** A value among a tee slave's options: unescaped twice (the slave list, then its options). */
    private static String teeOption(Path p) {
        return p.toAbsolutePath().toString().replaceAll("([\\\\|\\[\\]:])", "\\\\\\\\\\\\$1");
    }

    /** HLS segments listed in the playlist so far (each complete and playable), or 0 without HLS. */
    public int segmentsListed() {
        if (hls == null || !Files.isRegularFile(hls.playlist())) {
            return 0;
        }
        try {
            String playlist = Files.readString(hls.playlist());
            int count = 0;
            for (int i = playlist.indexOf("#EXTINF"); i >= 0; i = playlist.indexOf("#EXTINF", i + 1)) {
                count++;
            }
            return count;
        } catch (IOException e) {
            return 0;
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
            WorkFiles.done(temp);
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
            WorkFiles.discard(temp);
        }
    }
}
