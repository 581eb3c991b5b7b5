package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Network;

/**
 * SyncNet-v2 (syncnet_python's {@code S}, copied into LatentSync's eval/): a lip encoder over five-frame
 * windows of 224 px face crops and an audio encoder over 0.2 s of MFCCs, whose embeddings are close (in
 * Euclidean distance) when lips and sound belong together. LSE-C/LSE-D and the data pipeline's sync filter
 * come from those distances. Evaluation mode only: it is never trained here.
 */
public final class SyncNetV2 extends Network<SyncNetV2Config> implements LipAudioEmbedding {
    /** Frames per lip window. */
    public static final int FRAMES = 5;
    /** Side of the square face crops. */
    public static final int SIZE = 224;
    /** MFCC steps per audio window (100 per second, so 0.2 s: five video frames). */
    public static final int MFCC_STEPS = 20;

    private final AudioCnn audioCnn;
    private final EmbeddingHead audioHead;
    private final LipCnn lipCnn;
    private final EmbeddingHead lipHead;

    public SyncNetV2(SyncNetV2Config config) {
        super("SyncNet-v2", KeyMatch.COUNTERS_OPTIONAL, config);
        audioCnn = new AudioCnn(params.child("netcnnaud"));
        audioHead = new EmbeddingHead(params.child("netfcaud"), config().embedding());
        lipHead = new EmbeddingHead(params.child("netfclip"), config().embedding());
        lipCnn = new LipCnn(params.child("netcnnlip"));
    }


    /** Face crops (B, 3, 5, 224, 224), BGR, 0..255 -> (B, embedding) */
    @Override
    public NDArray lip(NDArray frames) {
        NDArray h = lipCnn.forward(frames);
        return lipHead.forward(h.reshape(h.getShape().get(0), -1));
    }

    /** MFCC windows (B, 1, 13, 20) -> (B, embedding) */
    @Override
    public NDArray audio(NDArray mfcc) {
        NDArray h = audioCnn.forward(mfcc);
        return audioHead.forward(h.reshape(h.getShape().get(0), -1));
    }
}
