package io.lipsync.testing;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.syncnetv2.LipAudioEmbedding;
import io.lipsync.model.syncnetv2.SyncNetV2;

/**
 * A stand-in for SyncNet-v2 whose verdicts are known: a lip window embeds as its five frames' mean
 * brightness, an audio window as its five frames' loudness (MFCC coefficient 0, the log energy), both
 * standardised. Clips whose brightness follows their loudness are "in sync" at the offset that lines them up.
 */
public final class LoudnessNet implements LipAudioEmbedding {
    @Override
    public NDArray lip(NDArray frames) {
        // (B, 3, 5, H, W) -> (B, 5)
        return standardised(frames.mean(new int[] {4}).mean(new int[] {3}).mean(new int[] {1}));
    }

    @Override
    public NDArray audio(NDArray mfcc) {
        // (B, 1, 13, 20): four MFCC steps per frame -> (B, 5)
        return standardised(mfcc.get(":, 0, 0, :").reshape(-1, SyncNetV2.FRAMES, 4).mean(new int[] {2}));
    }

    private static NDArray standardised(NDArray x) {
        NDArray centred = x.sub(x.mean(new int[] {1}, true));
        return centred.div(centred.square().mean(new int[] {1}, true).sqrt().add(1e-6f));
    }
}
