package io.lipsync.model.syncnetv2;

/**
 * SyncNet-v2's one setting (syncnet_python's {@code num_layers_in_fc_layers}): the width of both embeddings.
 */
public record SyncNetV2Config(int embedding) {
    /** The released syncnet_v2.model, which LatentSync's evaluation and data filter load. */
    public static SyncNetV2Config official() {
        return new SyncNetV2Config(1024);
    }
}
