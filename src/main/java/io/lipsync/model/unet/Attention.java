package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** Multi-head attention with bias-free q/k/v projections (self-attention when no context is given). */
public final class Attention {
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final int heads;
    private final float scale;

    public Attention(Params p, long queryDim, long contextDim, int heads, long headDim) {
        long inner = heads * headDim;
        toQ = new Linear(p.child("to_q"), queryDim, inner, false);
        toK = new Linear(p.child("to_k"), contextDim, inner, false);
        toV = new Linear(p.child("to_v"), contextDim, inner, false);
        toOut = new Linear(p.child("to_out").child("0"), inner, queryDim, true);
        this.heads = heads;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
    }

    /** x (N, L, C), context (N, S, D) or null -> (N, L, C) */
    public NDArray forward(NDArray x, NDArray context) {
        return Ops.scoped(() -> {
            NDArray source = context == null ? x : context;
            NDArray out = Ops.attention(toQ.forward(x), toK.forward(source), toV.forward(source), heads, scale);
            return toOut.forward(out);
        });
    }
}
