package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Mixed precision as torch.autocast does it, for our layers (DJL has no autocast): inside {@link #run}, matrix
 * products and convolutions take their operands in float16 and give it back;
 * norms, softmax and losses take theirs in float32. Parameters stay float32 (the master weights): the casts
 * are recorded, so their gradients arrive in float32. Outside {@link #run} nothing is cast.
 */
public final class Autocast {
    private static final ThreadSetting<DataType> LOW = new ThreadSetting<>(null);

    private Autocast() {}

    /**
     * Runs {@code body} with matrix products in {@code low}: FLOAT16, or null for float32 throughout (DJL 0.36's
     * PyTorch bindings abort on bfloat16 tensors).
     */
    public static <T> T run(DataType low, Supplier<T> body) {
        if (low != null && low != DataType.FLOAT16) {
            throw new IllegalArgumentException("autocast runs in float16, not " + low);
        }
        return LOW.with(low, body);
    }

    /** An operand of a matrix product or convolution (null passes through). */
    public static NDArray low(NDArray x) {
        DataType low = LOW.get();
        return low == null || x == null || x.getDataType() != DataType.FLOAT32 ? x : cast(x, low);
    }

    /** The input of an op autocast keeps in float32 (norms, softmax, resizing, losses). */
    public static NDArray full(NDArray x) {
        return LOW.get() == null || x.getDataType() == DataType.FLOAT32 ? x : cast(x, DataType.FLOAT32);
    }

    /**
     * A cast autograd records (DJL's toType is not: the gradient would stop there): a cumulative product over a
     * new axis of length 1, told its result type, is the identity in that type, and torch differentiates it.
     */
    static NDArray cast(NDArray x, DataType type) {
        return JniUtils.cumProd((PtNDArray) x.expandDims(0), 0, type).squeeze(0);
    }
}
