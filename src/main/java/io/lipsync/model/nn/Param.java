package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/** One named weight of a model: its expected shape, and its value once loaded. */
public final class Param {
    private final String name;
    private final long[] shape;
    private final boolean buffer;
    private NDArray value;

    Param(String name, long[] shape, boolean buffer) {
        this.name = name;
        this.shape = shape.clone();
        this.buffer = buffer;
    }

    /** A buffer (a fixed table in the state dict, such as a sinusoid) is loaded but never trained. */
    public boolean isBuffer() {
        return buffer;
    }

    public String name() {
        return name;
    }

    public long[] shape() {
        return shape.clone();
    }

    public NDArray value() {
        if (value == null) {
            throw new IllegalStateException("weight " + name + " used before the checkpoint was loaded");
        }
        return value;
    }

    void set(NDArray value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
