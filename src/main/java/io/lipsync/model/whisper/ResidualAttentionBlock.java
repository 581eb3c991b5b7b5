package io.lipsync.model.whisper;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** Pre-norm transformer block of Whisper's encoder: attention, then a GELU MLP of width 4D. */
final class ResidualAttentionBlock {
    private final LayerNorm attnLn;
    private final WhisperAttention attn;
    private final LayerNorm mlpLn;
    private final Linear mlpIn;
    private final Linear mlpOut;

    ResidualAttentionBlock(Params p, int state, int heads) {
        attn = new WhisperAttention(p.child("attn"), state, heads);
        attnLn = new LayerNorm(p.child("attn_ln"), state);
        mlpIn = new Linear(p.child("mlp").child("0"), state, 4L * state, true);
        mlpOut = new Linear(p.child("mlp").child("2"), 4L * state, state, true);
        mlpLn = new LayerNorm(p.child("mlp_ln"), state);
    }

    /** (N, T, D) -> (N, T, D) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            NDArray h = x.add(attn.forward(attnLn.forward(x)));
            return h.add(mlpOut.forward(Ops.gelu(mlpIn.forward(mlpLn.forward(h)))));
        });
    }
}
