package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.FeedForward;
import io.lipsync.model.nn.Attention;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** Self-attention, then (with the audio layer) cross-attention to the audio features, then GEGLU, each pre-norm. */
public final class BasicTransformerBlock {
    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final FeedForward ff;

    public BasicTransformerBlock(Params p, long dim, int heads, long headDim, long contextDim, boolean audioLayer) {
        norm1 = new LayerNorm(p.child("norm1"), dim);
        attn1 = new Attention(p.child("attn1"), dim, dim, heads, headDim);
        norm2 = audioLayer ? new LayerNorm(p.child("norm2"), dim) : null;
        attn2 = audioLayer ? new Attention(p.child("attn2"), dim, contextDim, heads, headDim) : null;
        norm3 = new LayerNorm(p.child("norm3"), dim);
        ff = new FeedForward(p.child("ff"), dim);
    }

    /** x (B*F, HW, C), audio (B*F, tokens, D) or null -> (B*F, HW, C) */
    public NDArray forward(NDArray x, NDArray audio) {
        return Ops.scoped(() -> {
            NDArray h = attn1.forward(norm1.forward(x), null).addi(x);
            if (attn2 != null && audio != null) {
                h = attn2.forward(norm2.forward(h), audio).addi(h);
            }
            return ff.forward(norm3.forward(h)).addi(h);
        });
    }
}
