package io.lipsync.parity;

import java.util.Arrays;

/** A float32 tensor on the host: fixture values or engine results to compare. */
public record Tensor(float[] data, long[] shape) {
    public static Tensor scalar(float v) {
        return new Tensor(new float[] {v}, new long[] {1});
    }

    public static Tensor of(float[] data, long... shape) {
        return new Tensor(data, shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
