package io.lipsync.pipeline;

import io.lipsync.media.VideoEncoder;

/**
 * Follows the HLS segments the encoder writes beside the MP4 (one per half chunk, from the same packets)
 * and tells the listener as each one is listed in the playlist and so playable.
 */
final class SegmentWriter {
    private final VideoEncoder encoder;
    private final VideoEncoder.Hls hls;
    private final RenderListener listener;
    private int reported;
    private long firstSegmentNanos = -1;

    SegmentWriter(VideoEncoder encoder, VideoEncoder.Hls hls, RenderListener listener) {
        this.encoder = encoder;
        this.hls = hls;
        this.listener = listener;
    }

    /** Reports the segments listed since the last look. */
    void poll() {
        int listed = encoder.segmentsListed();
        while (reported < listed) {
            if (firstSegmentNanos < 0) {
                firstSegmentNanos = System.nanoTime();
            }
            listener.segmentReady(hls.playlist(), reported++);
        }
    }

    /** When the first segment became playable (System.nanoTime), or -1. */
    long firstSegmentNanos() {
        return firstSegmentNanos;
    }
}
