package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;

/**
 * Per-frame spatial transformer (upstream's Transformer3DModel): GroupNorm, 1x1 projection in,
 * transformer blocks over the H*W tokens of each frame, 1x1 projection out, residual.
 */
public final class SpatialTransformer {
    private final GroupNorm norm;
    private final Param projInWeight;
    private final Param projInBias;
    private final BasicTransformerBlock block;
    private final Param projOutWeight;
    private final Param projOutBias;
    private final long channels;

    public SpatialTransformer(Params p, long channels, int heads, long contextDim, int groups, boolean audioLayer) {
        this.channels = channels;
        norm = new GroupNorm(p.child("norm"), groups, channels, 1e-6f);
        projInWeight = p.child("proj_in").add("weight", channels, channels, 1, 1);
        projInBias = p.child("proj_in").add("bias", channels);
        block = new BasicTransformerBlock(p.child("transformer_blocks", 0), channels, heads, channels / heads,
                contextDim, audioLayer);
        projOutWeight = p.child("proj_out").add("weight", channels, channels, 1, 1);
        projOutBias = p.child("proj_out").add("bias", channels);
    }

    /** x (B*F, C, H, W), audio (B*F, tokens, D) -> (B*F, C, H, W) */
    public NDArray forward(NDArray x, NDArray audio) {
        return Ops.scoped(() -> {
            long n = x.getShape().get(0);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray tokens = norm.forward(x).transpose(0, 2, 3, 1).reshape(n, h * w, channels);
            tokens = linear(tokens, projInWeight, projInBias);
            tokens = block.forward(tokens, audio);
            tokens = linear(tokens, projOutWeight, projOutBias);
            // x first: the sum takes its first operand's (contiguous) strides, as upstream's .contiguous() does;
            // a channels-last sum would send every later convolution down oneDNN's channels-last kernels.
            return x.add(tokens.reshape(n, h, w, channels).transpose(0, 3, 1, 2));
        });
    }

    /** A 1x1 conv applied to channel-last tokens is a linear map with the kernel's (C, C) matrix. */
    private NDArray linear(NDArray tokens, Param weight, Param bias) {
        NDArray matrix = Autocast.low(weight.value().reshape(channels, channels));
        return Ops.linear(Autocast.low(tokens), matrix, Autocast.low(bias.value()));
    }
}
