package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for ops whose inputs autograd keeps until the backward pass. DJL's scalar overloads ({@code
 * x.mul(2f)}) and {@code create(float[])} put the value in a Java direct buffer that libtorch borrows without
 * owning; DJL drops its handle (a scalar at once), the garbage collector frees the buffer whenever it runs,
 * and a backward pass that reads the kept input afterwards reads freed memory: gradients that differ from
 * run to run, or NaN. These constants live in memory libtorch owns. Ops autograd does not record, and add
 * or sub (whose backward reads no operand), may use DJL's overloads.
 */
public final class Constants {
    private Constants() {}

    /** A 0-dimensional {@code value} of {@code like}'s type, on its manager. */
    public static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code values} shaped {@code shape}, float32, copied into libtorch's memory. */
    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        NDArray borrowed = manager.create(values, shape);
        NDArray owned = borrowed.duplicate();
        borrowed.close();
        return owned;
    }
}
