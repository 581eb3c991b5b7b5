package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Stride-2 3x3 conv. With padding 1 (U-Net) it pads both sides; with padding 0 (VAE encoder) the
 * input is first padded by one pixel on the right and bottom only, as diffusers does.
 */
public final class Downsample {
    private final Conv2d conv;
    private final boolean asymmetricPad;

    public Downsample(Params p, long channels, int padding) {
        conv = new Conv2d(p.child("conv"), channels, channels, 3, 2, padding);
        asymmetricPad = padding == 0;
    }

    /** (N, C, H, W) -> (N, C, H/2, W/2) */
    public NDArray forward(NDArray x) {
        if (!asymmetricPad) {
            return conv.forward(x);
        }
        return Ops.scoped(() -> conv.forward(x.pad(new ai.djl.ndarray.types.Shape(0, 1, 0, 1), 0)));
    }
}
