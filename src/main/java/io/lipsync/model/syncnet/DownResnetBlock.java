package io.lipsync.model.syncnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/**
 * StableSyncNet's ResnetBlock2D: GroupNorm, SiLU, 3x3 conv, GroupNorm, SiLU, 3x3 conv, plus the input
 * (through a 1x1 conv when the width changes); then, when it downsamples, a zero pad on the right and
 * bottom (or both sides of the axis that is not reduced) and a stride-(fh, fw) 3x3 conv.
 */
final class DownResnetBlock {
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final GroupNorm norm2;
    private final Conv2d conv2;
    private final Conv2d convShortcut;
    private final Conv2d downsample;
    private final Shape pad;

    DownResnetBlock(Params p, long in, long out, int[] factor) {
        norm1 = new GroupNorm(p.child("norm1"), 32, in, 1e-6f);
        conv1 = new Conv2d(p.child("conv1"), in, out, 3, 1, 1);
        norm2 = new GroupNorm(p.child("norm2"), 32, out, 1e-6f);
        conv2 = new Conv2d(p.child("conv2"), out, out, 3, 1, 1);
        convShortcut = in != out ? new Conv2d(p.child("conv_shortcut"), in, out, 1, 1, 0) : null;
        boolean down = factor[0] != 1 || factor[1] != 1;
        downsample = down ? new Conv2d(p.child("downsample_conv"), out, out, 3, factor[0], factor[1], 0) : null;
        // In F.pad order (left, right, top, bottom); an axis kept at stride 1 is padded on both sides.
        pad = factor[0] == 1 ? new Shape(0, 1, 1, 1) : factor[1] == 1 ? new Shape(1, 1, 0, 1) : new Shape(0, 1, 0, 1);
    }

    /** (N, in, H, W) -> (N, out, H/fh, W/fw) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            NDArray h = conv1.forward(Ops.silu(norm1.forward(x)));
            h = conv2.forward(Ops.silu(norm2.forward(h)));
            h = h.add(convShortcut == null ? x : convShortcut.forward(x));
            return downsample == null ? h : downsample.forward(h.pad(pad, 0));
        });
    }
}
