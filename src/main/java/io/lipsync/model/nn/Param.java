package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/** One named weight of a model: its expected shape, and its value once loaded. */
public final class Param {
    private final String name;
    private final long[] shape;
    private NDArray value;

    Param(String name, long[] shape) {
        this.name = name;
        this.shape = shape.clone();
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
