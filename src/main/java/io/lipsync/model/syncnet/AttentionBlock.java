package io.lipsync.model.syncnet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Attention;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.FeedForward;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/**
 * StableSyncNet's AttentionBlock2D: GroupNorm, 1x1 conv in, over the H*W tokens a pre-norm self-attention
 * (8 heads, q/k/v with bias) and a GEGLU feed-forward, 1x1 conv out, plus the input.
 */
final class AttentionBlock {
    private final GroupNorm norm1;
    private final Conv2d convIn;
    private final LayerNorm norm2;
    private final Attention attn;
    private final LayerNorm norm3;
    private final FeedForward ff;
    private final Conv2d convOut;

    AttentionBlock(Params p, long channels) {
        norm1 = new GroupNorm(p.child("norm1"), 32, channels, 1e-6f);
        convIn = new Conv2d(p.child("conv_in"), channels, channels, 1, 1, 0);
        norm2 = new LayerNorm(p.child("norm2"), channels);
        attn = new Attention(p.child("attn"), channels, channels, 8, channels / 8, true);
        norm3 = new LayerNorm(p.child("norm3"), channels);
        ff = new FeedForward(p.child("ff"), channels);
        convOut = new Conv2d(p.child("conv_out"), channels, channels, 1, 1, 0);
    }

    /** (N, C, H, W) -> (N, C, H, W) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            long n = x.getShape().get(0);
            long c = x.getShape().get(1);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray t = convIn.forward(norm1.forward(x)).transpose(0, 2, 3, 1).reshape(n, h * w, c);
            t = attn.forward(norm2.forward(t), null).add(t);
            t = ff.forward(norm3.forward(t)).add(t);
            return convOut.forward(Ops.contiguous(t.reshape(n, h, w, c).transpose(0, 3, 1, 2))).add(x);
        });
    }
}
