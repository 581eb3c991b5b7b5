package io.lipsync.model.s3fd;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;

/** S3FD's L2Norm: each pixel's channel vector scaled to unit length (plus 1e-10), then by a learnt gain per channel. */
final class L2Norm {
    private final Param weight;

    L2Norm(Params p, long channels) {
        weight = p.add("weight", channels);
    }

    /** (N, C, H, W) -> (N, C, H, W) */
    NDArray forward(NDArray x) {
        NDArray norm = x.square().sum(new int[] {1}, true).sqrt().add(1e-10f);
        return x.div(norm).mul(weight.value().reshape(1, -1, 1, 1));
    }
}
