package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.lipsync.kernels.Convolutions;

/**
 * A convolution as every network here runs it: in the low precision autocast asks for, through the kernels'
 * whole-block convolution (see {@link Convolutions}), its operations counted.
 */
final class Convolution {
    private Convolution() {}

    /** x (N, in, *spatial), weight (out, in, *kernel), bias (out) or null -> (N, out, *spatial') */
    static NDArray run(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, Shape dilation) {
        NDArray out = Convolutions.run(Autocast.low(x), Autocast.low(weight), bias == null ? null : Autocast.low(bias),
                stride, padding, dilation);
        FlopCount.convolution(out, weight);
        return out;
    }
}
