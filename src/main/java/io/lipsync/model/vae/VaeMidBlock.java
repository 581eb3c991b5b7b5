package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;

/** resnet, attention, resnet at the VAE's lowest resolution. */
final class VaeMidBlock {
    private final ResnetBlock first;
    private final VaeAttention attention;
    private final ResnetBlock second;

    VaeMidBlock(Params p, long channels, int groups) {
        first = new ResnetBlock(p.child("resnets", 0), channels, channels, 0, groups, 1e-6f);
        attention = new VaeAttention(p.child("attentions", 0), channels, groups);
        second = new ResnetBlock(p.child("resnets", 1), channels, channels, 0, groups, 1e-6f);
    }

    /** (N, C, H, W) -> (N, C, H, W) */
    NDArray forward(NDArray x) {
        return second.forward(attention.forward(first.forward(x, null, 1)), null, 1);
    }
}
