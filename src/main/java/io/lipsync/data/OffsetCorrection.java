package io.lipsync.data;

import io.lipsync.media.AudioDecoder;

/**
 * Step 6's correction of a cut whose audio is off by {@code avOffset} frames (SyncNet-v2's sign: positive
 * when the audio leads). Upstream delays the audio stream by avOffset/25 s, which leaves a stretch without
 * sound at one end; here the leading frames of whichever stream is ahead are skipped instead, so both
 * streams start together and the cut loses |avOffset| frames.
 *
 * @param videoFrames leading video frames to skip
 * @param audioFrames leading audio to skip, in video frames (640 samples each)
 */
public record OffsetCorrection(int videoFrames, int audioFrames) {
    public static final OffsetCorrection NONE = new OffsetCorrection(0, 0);

    /** The correction that brings a cut measured at {@code avOffset} to offset 0. */
    public static OffsetCorrection of(int avOffset) {
        return avOffset >= 0 ? new OffsetCorrection(avOffset, 0) : new OffsetCorrection(0, -avOffset);
    }

    /** Frames left of a cut of {@code frames}. */
    public int framesLeft(int frames) {
        return Math.max(0, frames - videoFrames - audioFrames);
    }

    /** The first audio sample that goes with output frame 0. */
    public int firstSample() {
        return audioFrames * AudioDecoder.SAMPLES_PER_FRAME;
    }
}
