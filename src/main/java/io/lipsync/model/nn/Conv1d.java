package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A 1D convolution with bias, as torch.nn.Conv1d. */
public final class Conv1d {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;

    public Conv1d(Params p, long in, long out, int kernel, int stride, int padding) {
        weight = p.add("weight", out, in, kernel);
        bias = p.add("bias", out);
        this.stride = new Shape(stride);
        this.padding = new Shape(padding);
    }

    /** (N, in, T) -> (N, out, T') */
    public NDArray forward(NDArray x) {
        return Convolution.run(x, weight.value(), bias.value(), stride, padding, new Shape(1));
    }
}
