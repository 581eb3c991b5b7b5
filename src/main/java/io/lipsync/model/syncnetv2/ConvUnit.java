package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.BatchNorm;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Conv3d;
import io.lipsync.model.nn.Params;
import java.util.function.UnaryOperator;

/** A convolution at index i of a Sequential, its BatchNorm at i + 1 and a ReLU: SyncNet-v2's repeated unit. */
final class ConvUnit {
    private final UnaryOperator<NDArray> conv;
    private final BatchNorm norm;

    private ConvUnit(UnaryOperator<NDArray> conv, BatchNorm norm) {
        this.conv = conv;
        this.norm = norm;
    }

    static ConvUnit conv2d(Params p, int index, long in, long out, int[] kernel, int[] stride, int[] padding) {
        Conv2d c = new Conv2d(p.child(String.valueOf(index)), in, out, kernel, stride, padding);
        return new ConvUnit(c::forward, new BatchNorm(p.child(String.valueOf(index + 1)), out));
    }

    static ConvUnit conv3d(Params p, int index, long in, long out, int[] kernel, int[] stride, int[] padding) {
        Conv3d c = new Conv3d(p.child(String.valueOf(index)), in, out, kernel, stride, padding);
        return new ConvUnit(c::forward, new BatchNorm(p.child(String.valueOf(index + 1)), out));
    }

    /** (N, in, ...) -> (N, out, ...) */
    NDArray forward(NDArray x) {
        return Activation.relu(norm.forward(conv.apply(x)));
    }
}
