package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Params;

/** Mixed_6b-e: 7x7 convolutions factored into 1x7 and 7x1 (17 x 17). */
final class InceptionC {
    private static final int[] ONE = {1, 1};
    private static final int[] K17 = {1, 7};
    private static final int[] K71 = {7, 1};
    private static final int[] P17 = {0, 3};
    private static final int[] P71 = {3, 0};

    private final BasicConv branch1x1;
    private final BasicConv[] branch7x7 = new BasicConv[3];
    private final BasicConv[] dbl = new BasicConv[5];
    private final BasicConv pool;

    InceptionC(Params p, long in, long c7) {
        branch1x1 = new BasicConv(p.child("branch1x1"), in, 192, 1, 0);
        branch7x7[0] = new BasicConv(p.child("branch7x7_1"), in, c7, 1, 0);
        branch7x7[1] = new BasicConv(p.child("branch7x7_2"), c7, c7, K17, ONE, P17);
        branch7x7[2] = new BasicConv(p.child("branch7x7_3"), c7, 192, K71, ONE, P71);
        dbl[0] = new BasicConv(p.child("branch7x7dbl_1"), in, c7, 1, 0);
        dbl[1] = new BasicConv(p.child("branch7x7dbl_2"), c7, c7, K71, ONE, P71);
        dbl[2] = new BasicConv(p.child("branch7x7dbl_3"), c7, c7, K17, ONE, P17);
        dbl[3] = new BasicConv(p.child("branch7x7dbl_4"), c7, c7, K71, ONE, P71);
        dbl[4] = new BasicConv(p.child("branch7x7dbl_5"), c7, 192, K17, ONE, P17);
        pool = new BasicConv(p.child("branch_pool"), in, 192, 1, 0);
    }

    /** (N, 768, 17, 17) -> (N, 768, 17, 17) */
    NDArray forward(NDArray x) {
        NDArray a = x;
        for (BasicConv c : branch7x7) {
            a = c.forward(a);
        }
        NDArray b = x;
        for (BasicConv c : dbl) {
            b = c.forward(b);
        }
        return NDArrays.concat(new NDList(branch1x1.forward(x), a, b, pool.forward(Pools.averageSame(x))), 1);
    }
}
