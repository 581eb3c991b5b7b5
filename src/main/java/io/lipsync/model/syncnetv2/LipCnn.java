package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.lipsync.model.nn.Params;

/**
 * {@code netcnnlip}: a 5x7x7 convolution spanning all five frames, then per-frame conv units with three
 * max-pools, down to one 512-vector for the 0.2 s window.
 */
final class LipCnn {
    private static final int[] K133 = {1, 3, 3};
    private static final int[] ONE = {1, 1, 1};
    private static final int[] HALVE = {1, 2, 2};
    private static final int[] PAD011 = {0, 1, 1};
    private static final int[] NONE = {0, 0, 0};

    // named for their indices in upstream's nn.Sequential (the pools and ReLUs fill the gaps)
    private final ConvUnit c0, c4, c8, c11, c14, c18;

    LipCnn(Params p) {
        c0 = ConvUnit.conv3d(p, 0, 3, 96, new int[] {5, 7, 7}, HALVE, NONE);
        c4 = ConvUnit.conv3d(p, 4, 96, 256, new int[] {1, 5, 5}, HALVE, PAD011);
        c8 = ConvUnit.conv3d(p, 8, 256, 256, K133, ONE, PAD011);
        c11 = ConvUnit.conv3d(p, 11, 256, 256, K133, ONE, PAD011);
        c14 = ConvUnit.conv3d(p, 14, 256, 256, K133, ONE, PAD011);
        c18 = ConvUnit.conv3d(p, 18, 256, 512, new int[] {1, 6, 6}, ONE, NONE);
    }

    /** (B, 3, 5, 224, 224) -> (B, 512, 1, 1, 1) */
    NDArray forward(NDArray x) {
        NDArray h = pool(c0.forward(x), NONE);
        h = pool(c4.forward(h), PAD011);
        h = pool(c14.forward(c11.forward(c8.forward(h))), NONE);
        return c18.forward(h);
    }

    private static NDArray pool(NDArray x, int[] padding) {
        return Pool.maxPool3d(x, new Shape(1, 3, 3), new Shape(1, 2, 2), new Shape(padding[0], padding[1], padding[2]),
                false);
    }
}
