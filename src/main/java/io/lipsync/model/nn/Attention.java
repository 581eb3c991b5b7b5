package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/** Multi-head attention (self-attention when no context is given); q/k/v projections with or without bias. */
public final class Attention {
    private final Linear toQ;
    private final Linear toK;
    private final Linear toV;
    private final Linear toOut;
    private final int heads;
    private final float scale;

    /** The U-Net's: q/k/v without bias. */
    public Attention(Params p, long queryDim, long contextDim, int heads, long headDim) {
        this(p, queryDim, contextDim, heads, headDim, false);
    }

    public Attention(Params p, long queryDim, long contextDim, int heads, long headDim, boolean qkvBias) {
        long inner = heads * headDim;
        toQ = new Linear(p.child("to_q"), queryDim, inner, qkvBias);
        toK = new Linear(p.child("to_k"), contextDim, inner, qkvBias);
        toV = new Linear(p.child("to_v"), contextDim, inner, qkvBias);
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
