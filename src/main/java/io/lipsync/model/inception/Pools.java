package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** The pools Inception's blocks use. */
final class Pools {
    private Pools() {}

    /** 3x3 max pool, stride 2, no padding. */
    static NDArray maxDown(NDArray x) {
        return Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** 3x3 average pool, stride 1, padding 1, the padding not counted (the FID network's blocks). */
    static NDArray averageSame(NDArray x) {
        return Pool.avgPool2d(x, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, false);
    }

    /** 3x3 max pool, stride 1, padding 1 (the last block's pool branch). */
    static NDArray maxSame(NDArray x) {
        return Pool.maxPool2d(x, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false);
    }
}
