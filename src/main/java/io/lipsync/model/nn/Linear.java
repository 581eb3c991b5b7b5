package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/** y = x W^T + b, as torch.nn.Linear. */
public final class Linear {
    private final Param weight;
    private final Param bias;

    public Linear(Params p, long in, long out, boolean withBias) {
        weight = p.add("weight", out, in);
        bias = withBias ? p.add("bias", out) : null;
    }

    /** (..., in) -> (..., out) */
    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal().linear(x, weight.value(), bias == null ? null : bias.value()).singletonOrThrow();
    }
}
