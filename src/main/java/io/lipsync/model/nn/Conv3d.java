package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A 3D convolution with bias, as torch.nn.Conv3d; kernel, stride and padding are (time, height, width). */
public final class Conv3d {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;

    public Conv3d(Params p, long in, long out, int[] kernel, int[] stride, int[] padding) {
        weight = p.add("weight", out, in, kernel[0], kernel[1], kernel[2]);
        bias = p.add("bias", out);
        this.stride = new Shape(stride[0], stride[1], stride[2]);
        this.padding = new Shape(padding[0], padding[1], padding[2]);
    }

    /** (N, in, T, H, W) -> (N, out, T', H', W') */
    public NDArray forward(NDArray x) {
        return Convolution.run(x, weight.value(), bias.value(), stride, padding, new Shape(1, 1, 1));
    }
}
