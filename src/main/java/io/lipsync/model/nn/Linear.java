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

    /** GELU(x W^T + b) for rows {@code from} to {@code to} of the weight: (..., in) -> (..., to - from) */
    public NDArray forwardGelu(NDArray x, long from, long to) {
        String rows = from + ":" + to;
        return Ops.linearGelu(Autocast.low(x), Autocast.low(weight.value().get(rows)), Autocast.low(bias.value().get(rows)));
    }

    /** As {@link #forward} for rows {@code from} to {@code to} of the weight: (..., in) -> (..., to - from) */
    public NDArray forward(NDArray x, long from, long to) {
        String rows = from + ":" + to;
        return Ops.linear(Autocast.low(x), Autocast.low(weight.value().get(rows)),
                bias == null ? null : Autocast.low(bias.value().get(rows)));
    }

    /** (..., in) -> (..., out) */
    public NDArray forward(NDArray x) {
        return Ops.linear(Autocast.low(x), Autocast.low(weight.value()), bias == null ? null : Autocast.low(bias.value()));
    }
}
