package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.BatchNorm;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Params;

/** Inception's unit: a convolution without bias, BatchNorm (eps 0.001) and ReLU. */
final class BasicConv {
    private final Conv2d conv;
    private final BatchNorm bn;

    /** kernel, stride and padding as (height, width). */
    BasicConv(Params p, long in, long out, int[] kernel, int[] stride, int[] padding) {
        conv = new Conv2d(p.child("conv"), in, out, kernel, stride, padding, 1, false);
        bn = new BatchNorm(p.child("bn"), out, 1e-3f);
    }

    /** A square kernel, stride 1. */
    BasicConv(Params p, long in, long out, int kernel, int padding) {
        this(p, in, out, new int[] {kernel, kernel}, new int[] {1, 1}, new int[] {padding, padding});
    }

    /** (N, in, H, W) -> (N, out, H', W') */
    NDArray forward(NDArray x) {
        return Activation.relu(bn.forward(conv.forward(x)));
    }
}
