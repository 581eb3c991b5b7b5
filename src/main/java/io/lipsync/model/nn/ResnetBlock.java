package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Pre-norm residual block: GroupNorm, SiLU, 3x3 conv, (+ time embedding), GroupNorm, SiLU, 3x3 conv,
 * plus a 1x1 shortcut when the width changes. The U-Net's inflated 3D version runs per frame with
 * statistics pooled over the frames; the VAE's runs on images (frames = 1, no time embedding).
 */
public final class ResnetBlock {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Linear timeEmbProj;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;

    /** temb channels 0 means no time embedding. */
    public ResnetBlock(Params p, long in, long out, long tembChannels, int groups, float eps) {
        norm1 = new GroupNorm(p.child("norm1"), groups, in, eps);
        conv1 = new Conv2d(p.child("conv1"), in, out, 3, 1, 1);
        timeEmbProj = tembChannels > 0 ? new Linear(p.child("time_emb_proj"), tembChannels, out, true) : null;
        norm2 = new GroupNorm(p.child("norm2"), groups, out, eps);
        conv2 = new Conv2d(p.child("conv2"), out, out, 3, 1, 1);
        convShortcut = in != out ? new Conv2d(p.child("conv_shortcut"), in, out, 1, 1, 0) : null;
    }

    /** x (B*F, in, H, W), temb (B, T) or null -> (B*F, out, H, W) */
    public NDArray forward(NDArray x, NDArray temb, int frames) {
        return Ops.scoped(() -> {
            NDArray h = conv1.forward(Ops.silu(norm1.forward(x, frames)));
            if (timeEmbProj != null && temb != null) {
                NDArray t = timeEmbProj.forward(Ops.silu(temb)).repeat(0, frames);
                h = h.addi(t.expandDims(2).expandDims(3));
            }
            h = conv2.forward(Ops.silu(norm2.forward(h, frames)));
            NDArray shortcut = convShortcut == null ? x : convShortcut.forward(x);
            return h.addi(shortcut);
        });
    }
}
