package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;

/** What SyncNet-v2's evaluation needs of a net: an embedding per lip window and per audio window. */
public interface LipAudioEmbedding {
    /** Face crops (B, 3, 5, 224, 224), BGR, 0..255 -> (B, D) */
    NDArray lip(NDArray frames);

    /** MFCC windows (B, 1, 13, 20) -> (B, D) */
    NDArray audio(NDArray mfcc);
}
