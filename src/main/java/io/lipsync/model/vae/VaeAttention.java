package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** The VAE mid-block's single-head self-attention over all pixels, with GroupNorm and a residual. */
final class VaeAttention {
    private final GroupNorm groupNorm;
    private final Linear toQ, toK, toV, toOut;
    private final long channels;

    VaeAttention(Params p, long channels, int groups) {
        this.channels = channels;
        groupNorm = new GroupNorm(p.child("group_norm"), groups, channels, 1e-6f);
        toQ = new Linear(p.child("to_q"), channels, channels, true);
        toK = new Linear(p.child("to_k"), channels, channels, true);
        toV = new Linear(p.child("to_v"), channels, channels, true);
        toOut = new Linear(p.child("to_out").child("0"), channels, channels, true);
    }

    /** (N, C, H, W) -> (N, C, H, W) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            long n = x.getShape().get(0);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray tokens = groupNorm.forward(x).reshape(n, channels, h * w).transpose(0, 2, 1);
            NDArray out = Ops.attention(toQ.forward(tokens), toK.forward(tokens), toV.forward(tokens), 1,
                    (float) (1.0 / Math.sqrt(channels)));
            // x first: the sum takes x's contiguous strides, not the transposed operand's (see Ops.contiguous).
            return x.add(toOut.forward(out).transpose(0, 2, 1).reshape(n, channels, h, w));
        });
    }
}
