package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Params;

/** Mixed_5b-d: 1x1, 5x5, double 3x3 and pooled branches side by side (35 x 35). */
final class InceptionA {
    private final BasicConv branch1x1;
    private final BasicConv branch5x5a;
    private final BasicConv branch5x5b;
    private final BasicConv dbl1;
    private final BasicConv dbl2;
    private final BasicConv dbl3;
    private final BasicConv pool;

    InceptionA(Params p, long in, long poolFeatures) {
        branch1x1 = new BasicConv(p.child("branch1x1"), in, 64, 1, 0);
        branch5x5a = new BasicConv(p.child("branch5x5_1"), in, 48, 1, 0);
        branch5x5b = new BasicConv(p.child("branch5x5_2"), 48, 64, 5, 2);
        dbl1 = new BasicConv(p.child("branch3x3dbl_1"), in, 64, 1, 0);
        dbl2 = new BasicConv(p.child("branch3x3dbl_2"), 64, 96, 3, 1);
        dbl3 = new BasicConv(p.child("branch3x3dbl_3"), 96, 96, 3, 1);
        pool = new BasicConv(p.child("branch_pool"), in, poolFeatures, 1, 0);
    }

    /** (N, in, 35, 35) -> (N, 224 + poolFeatures, 35, 35) */
    NDArray forward(NDArray x) {
        return NDArrays.concat(new NDList(branch1x1.forward(x), branch5x5b.forward(branch5x5a.forward(x)),
                dbl3.forward(dbl2.forward(dbl1.forward(x))), pool.forward(Pools.averageSame(x))), 1);
    }
}
