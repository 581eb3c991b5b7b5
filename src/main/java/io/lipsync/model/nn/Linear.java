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
        NDArray in = Autocast.low(x);
        return in.getNDArrayInternal().linear(in, Autocast.low(weight.value()), Autocast.low(bias == null ? null : bias.value()))
                .singletonOrThrow();
    }
}
