package io.lipsync.model.whisper;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** Whisper's multi-head self-attention (key projection without bias). */
final class WhisperAttention {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;
    private final int heads;
    private final float scale;

    WhisperAttention(Params p, int state, int heads) {
        query = new Linear(p.child("query"), state, state, true);
        key = new Linear(p.child("key"), state, state, false);
        value = new Linear(p.child("value"), state, state, true);
        out = new Linear(p.child("out"), state, state, true);
        this.heads = heads;
        this.scale = (float) (1.0 / Math.sqrt((double) state / heads));
    }

    /** (N, T, D) -> (N, T, D) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> out.forward(Ops.attention(query.forward(x), key.forward(x), value.forward(x), heads,
                scale)));
    }
}
