package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Normalises the last dimension, as torch.nn.LayerNorm (eps 1e-5). */
public final class LayerNorm {
    private final Param weight;
    private final Param bias;
    private final Shape shape;
    private final float eps;

    public LayerNorm(Params p, long dim) {
        this(p, dim, 1e-5f);
    }

    public LayerNorm(Params p, long dim, float eps) {
        weight = p.add("weight", dim);
        bias = p.add("bias", dim);
        shape = new Shape(dim);
        this.eps = eps;
    }

    /** (..., dim) -> (..., dim) */
    public NDArray forward(NDArray x) {
        NDArray in = Autocast.full(x);
        return in.getNDArrayInternal().layerNorm(in, shape, weight.value(), bias.value(), eps).singletonOrThrow();
    }
}
