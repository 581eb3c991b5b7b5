package io.lipsync.pipeline;

import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import io.lipsync.media.VideoEncoder;

/**
 * Where a render's frames go: one encode that writes the MP4 and, when asked, HLS segments of half a chunk
 * from the same packets. Each frame brings its share of the voice (never past the voice's end); each new
 * segment is reported as it lands. Nothing is visible at the output path before {@link #commit()}.
 */
final class RenderOutput implements AutoCloseable {
    private final VideoEncoder mp4;
    private final SegmentWriter segments;
    private final float[] voice;
    private int samplesWritten;

    RenderOutput(RenderRequest request, int width, int height, float[] voice, RenderListener listener) {
        // Segments of half a chunk: the muxer closes a segment only when the next keyframe arrives, so the
        // first one is playable as soon as the first chunk is written, not after the second.
        VideoEncoder.Hls hls = request.segments() == null ? null
                : new VideoEncoder.Hls(request.segments(), RenderPipeline.CHUNK / 2);
        this.mp4 = new VideoEncoder(request.out(), width, height, "mp4", hls);
        this.segments = hls == null ? null : new SegmentWriter(mp4, hls, listener);
        this.voice = voice;
    }

    /** Output frame {@code index}, and its share of the voice. */
    void frame(Rgb frame, int index) {
        mp4.writeVideo(frame);
        long end = (long) (index + 1) * AudioDecoder.SAMPLE_RATE / VideoDecoder.FPS;
        int until = (int) Math.max(samplesWritten, Math.min(voice.length, end));
        mp4.writeAudio(voice, samplesWritten, until);
        samplesWritten = until;
        if (segments != null) {
            segments.poll();
        }
    }

    /** Finishes the MP4 (moved into place atomically); returns when the first segment landed, or -1. */
    long commit() {
        mp4.commit();
        if (segments == null) {
            return -1;
        }
        segments.poll();
        return segments.firstSegmentNanos();
    }

    @Override
    public void close() {
        mp4.close();
    }
}
