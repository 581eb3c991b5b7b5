package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A square-kernel 2D convolution with bias, as torch.nn.Conv2d; the stride may differ per axis. */
public final class Conv2d {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;

    public Conv2d(Params p, long in, long out, int kernel, int stride, int padding) {
        this(p, in, out, kernel, stride, stride, padding);
    }

    public Conv2d(Params p, long in, long out, int kernel, int strideH, int strideW, int padding) {
        weight = p.add("weight", out, in, kernel, kernel);
        bias = p.add("bias", out);
        this.stride = new Shape(strideH, strideW);
        this.padding = new Shape(padding, padding);
    }

    /** (N, in, H, W) -> (N, out, H', W') */
    public NDArray forward(NDArray x) {
        return x.getNDArrayInternal()
                .convolution(x, weight.value(), bias.value(), stride, padding, new Shape(1, 1), 1)
                .singletonOrThrow();
    }
}
