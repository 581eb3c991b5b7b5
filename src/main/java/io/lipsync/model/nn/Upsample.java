package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/** Nearest-neighbour 2x upsampling followed by a 3x3 conv. */
public final class Upsample {
    private final Conv2d conv;

    public Upsample(Params p, long channels) {
        conv = new Conv2d(p.child("conv"), channels, channels, 3, 1, 1);
    }

    /** (N, C, H, W) -> (N, C, 2H, 2W) */
    public NDArray forward(NDArray x) {
        return Ops.scoped(() -> conv.forward(x.repeat(2, 2).repeat(3, 2)));
    }
}
