package io.lipsync.model.syncnetv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.lipsync.model.nn.Params;

/**
 * {@code netcnnaud}: six conv units over the MFCC "image" (13 coefficients x 20 steps = 0.2 s), max-pooled
 * after the second and fifth, down to one 512-vector. (Index 3 is a 1x1 max-pool, the identity.)
 */
final class AudioCnn {
    private static final int[] K3 = {3, 3};
    private static final int[] ONE = {1, 1};

    // named for their indices in upstream's nn.Sequential (the pools and ReLUs fill the gaps)
    private final ConvUnit c0, c4, c8, c11, c14, c18;

    AudioCnn(Params p) {
        c0 = ConvUnit.conv2d(p, 0, 1, 64, K3, ONE, ONE);
        c4 = ConvUnit.conv2d(p, 4, 64, 192, K3, ONE, ONE);
        c8 = ConvUnit.conv2d(p, 8, 192, 384, K3, ONE, ONE);
        c11 = ConvUnit.conv2d(p, 11, 384, 256, K3, ONE, ONE);
        c14 = ConvUnit.conv2d(p, 14, 256, 256, K3, ONE, ONE);
        c18 = ConvUnit.conv2d(p, 18, 256, 512, new int[] {5, 4}, ONE, new int[] {0, 0});
    }

    /** (B, 1, 13, 20) -> (B, 512, 1, 1) */
    NDArray forward(NDArray x) {
        NDArray h = c4.forward(c0.forward(x));
        h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(1, 2), new Shape(0, 0), false);
        h = c14.forward(c11.forward(c8.forward(h)));
        h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(0, 0), false);
        return c18.forward(h);
    }
}
