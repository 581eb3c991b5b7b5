package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Params;

/**
 * Mixed_7b/7c: 3x3 convolutions split into parallel 1x3 and 3x1 (8 x 8). The FID network pools its last block's
 * pool branch by maximum, the one before by average.
 */
final class InceptionE {
    private static final int[] ONE = {1, 1};

    private final BasicConv branch1x1, branch3x3, branch3x3a, branch3x3b, dbl1, dbl2, dbl3a, dbl3b, pool;
    private final boolean maxPool;

    InceptionE(Params p, long in, boolean maxPool) {
        this.maxPool = maxPool;
        branch1x1 = new BasicConv(p.child("branch1x1"), in, 320, 1, 0);
        branch3x3 = new BasicConv(p.child("branch3x3_1"), in, 384, 1, 0);
        branch3x3a = new BasicConv(p.child("branch3x3_2a"), 384, 384, new int[] {1, 3}, ONE, new int[] {0, 1});
        branch3x3b = new BasicConv(p.child("branch3x3_2b"), 384, 384, new int[] {3, 1}, ONE, new int[] {1, 0});
        dbl1 = new BasicConv(p.child("branch3x3dbl_1"), in, 448, 1, 0);
        dbl2 = new BasicConv(p.child("branch3x3dbl_2"), 448, 384, 3, 1);
        dbl3a = new BasicConv(p.child("branch3x3dbl_3a"), 384, 384, new int[] {1, 3}, ONE, new int[] {0, 1});
        dbl3b = new BasicConv(p.child("branch3x3dbl_3b"), 384, 384, new int[] {3, 1}, ONE, new int[] {1, 0});
        pool = new BasicConv(p.child("branch_pool"), in, 192, 1, 0);
    }

    /** (N, in, 8, 8) -> (N, 2048, 8, 8) */
    NDArray forward(NDArray x) {
        NDArray a = branch3x3.forward(x);
        NDArray b = dbl2.forward(dbl1.forward(x));
        NDArray pooled = maxPool ? Pools.maxSame(x) : Pools.averageSame(x);
        return NDArrays.concat(new NDList(branch1x1.forward(x), branch3x3a.forward(a), branch3x3b.forward(a),
                dbl3a.forward(b), dbl3b.forward(b), pool.forward(pooled)), 1);
    }
}
