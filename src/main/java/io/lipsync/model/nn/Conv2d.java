package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** A 2D convolution, as torch.nn.Conv2d; kernel, stride and padding may differ per axis; the bias may be left out. */
public final class Conv2d {
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation;

    public Conv2d(Params p, long in, long out, int kernel, int stride, int padding) {
        this(p, in, out, kernel, stride, stride, padding);
    }

    public Conv2d(Params p, long in, long out, int kernel, int strideH, int strideW, int padding) {
        this(p, in, out, new int[] {kernel, kernel}, new int[] {strideH, strideW}, new int[] {padding, padding});
    }

    /** kernel, stride and padding as (height, width). */
    public Conv2d(Params p, long in, long out, int[] kernel, int[] stride, int[] padding) {
        this(p, in, out, kernel, stride, padding, 1);
    }

    /** As above, with the kernel's taps {@code dilation} pixels apart (an atrous convolution). */
    public Conv2d(Params p, long in, long out, int[] kernel, int[] stride, int[] padding, int dilation) {
        this(p, in, out, kernel, stride, padding, dilation, true);
    }

    /** {@code bias} false: no bias term (bias=False, as ResNet's convolutions before a BatchNorm). */
    public Conv2d(Params p, long in, long out, int[] kernel, int[] stride, int[] padding, int dilation, boolean bias) {
        weight = p.add("weight", out, in, kernel[0], kernel[1]);
        this.bias = bias ? p.add("bias", out) : null;
        this.stride = new Shape(stride[0], stride[1]);
        this.padding = new Shape(padding[0], padding[1]);
        this.dilation = new Shape(dilation, dilation);
    }

    /** (N, in, H, W) -> (N, out, H', W') */
    public NDArray forward(NDArray x) {
        return Convolution.run(x, weight.value(), bias == null ? null : bias.value(), stride, padding, dilation);
    }
}
