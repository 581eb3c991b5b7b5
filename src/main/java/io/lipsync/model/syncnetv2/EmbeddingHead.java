package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.BatchNorm;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Params;

/** {@code netfcaud} / {@code netfclip}: Linear, BatchNorm1d, ReLU, Linear to the embedding. */
final class EmbeddingHead {
    private final Linear in;
    private final BatchNorm norm;
    private final Linear out;

    EmbeddingHead(Params p, int embedding) {
        in = new Linear(p.child("0"), 512, 512, true);
        norm = new BatchNorm(p.child("1"), 512);
        out = new Linear(p.child("3"), 512, embedding, true);
    }

    /** (B, 512) -> (B, embedding) */
    NDArray forward(NDArray x) {
        return out.forward(Activation.relu(norm.forward(in.forward(x))));
    }
}
