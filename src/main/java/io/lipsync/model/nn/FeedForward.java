package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** GEGLU feed-forward: proj to 2 x 4C, value * GELU(gate), back to C. */
public final class FeedForward {
    private final Linear proj;
    private final Linear out;
    private final long inner;

    public FeedForward(Params p, long dim) {
        inner = dim * 4;
        proj = new Linear(p.child("net").child("0").child("proj"), dim, inner * 2, true);
        out = new Linear(p.child("net").child("2"), inner, dim, true);
    }

    /** (N, L, C) -> (N, L, C) */
    public NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            if (Ops.runsScripted(x)) {
                // The gate's GELU rides on its matmul: two products over the halves of the weight, no split.
                return out.forward(proj.forwardGelu(x, inner, 2 * inner).muli(proj.forward(x, 0, inner)));
            }
            NDArray projected = proj.forward(x);
            NDList halves = projected.split(2, projected.getShape().dimension() - 1);
            return out.forward(Ops.gelu(halves.get(1)).muli(halves.get(0)));
        });
    }
}
