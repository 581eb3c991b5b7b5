package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.image.Normalize;
import io.lipsync.media.VideoDecoder;
import java.util.Random;

/**
 * SyncNet batches as upstream's SyncNetDataset makes them: per sample a window drawn by
 * {@link WindowSampler#syncNet}, its frames normalised to [-1, 1], the mel window, and y. The draws of
 * batch {@code n} depend only on the seed and n, so a resumed run sees the batches the straight one saw.
 */
public record SyncNetBatches(PreparedClips clips, int numFrames, long seed) {
    /** frames (B, F, 3, R, R) in [-1, 1], mel (B, 1, 80, L), y (B). */
    public record Batch(NDArray frames, NDArray mel, NDArray y) {}

    /** Batch number {@code n} of {@code size} samples, on {@code manager}. */
    public Batch get(long n, int size, NDManager manager) {
        WindowSampler.Draws draws = WindowSampler.random(new Random(seed * 1_000_003L + n));
        int r = clips.resolution();
        int frameSize = 3 * r * r;
        int melWidth = SyncNetMel.windowLength(numFrames);
        float[] frames = new float[size * numFrames * frameSize];
        float[] mel = new float[size * SyncNetMel.MELS * melWidth];
        float[] y = new float[size];
        for (int b = 0; b < size; b++) {
            WindowSampler.SyncNetSample s = WindowSampler.syncNet(clips.forSampling(), numFrames, VideoDecoder.FPS,
                    draws);
            byte[][] shown = clips.frames(s.clip(), s.framesStart(), numFrames);
            for (int f = 0; f < numFrames; f++) {
                Normalize.into(shown[f], frames, (b * numFrames + f) * frameSize);
            }
            System.arraycopy(clips.mel(s.clip(), s.melStart(), melWidth), 0, mel, b * SyncNetMel.MELS * melWidth,
                    SyncNetMel.MELS * melWidth);
            y[b] = s.y();
        }
        return new Batch(manager.create(frames, new Shape(size, numFrames, 3, r, r)),
                manager.create(mel, new Shape(size, 1, SyncNetMel.MELS, melWidth)), manager.create(y));
    }
}
