package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Params;

/** Mixed_7a: the 17 -> 8 reduction. */
final class InceptionD {
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] NONE = {0, 0};

    private final BasicConv branch3x3a;
    private final BasicConv branch3x3b;
    private final BasicConv[] branch7x7x3 = new BasicConv[4];

    InceptionD(Params p, long in) {
        branch3x3a = new BasicConv(p.child("branch3x3_1"), in, 192, 1, 0);
        branch3x3b = new BasicConv(p.child("branch3x3_2"), 192, 320, new int[] {3, 3}, TWO, NONE);
        branch7x7x3[0] = new BasicConv(p.child("branch7x7x3_1"), in, 192, 1, 0);
        branch7x7x3[1] = new BasicConv(p.child("branch7x7x3_2"), 192, 192, new int[] {1, 7}, ONE, new int[] {0, 3});
        branch7x7x3[2] = new BasicConv(p.child("branch7x7x3_3"), 192, 192, new int[] {7, 1}, ONE, new int[] {3, 0});
        branch7x7x3[3] = new BasicConv(p.child("branch7x7x3_4"), 192, 192, new int[] {3, 3}, TWO, NONE);
    }

    /** (N, 768, 17, 17) -> (N, 1280, 8, 8) */
    NDArray forward(NDArray x) {
        NDArray b = x;
        for (BasicConv c : branch7x7x3) {
            b = c.forward(b);
        }
        return NDArrays.concat(new NDList(branch3x3b.forward(branch3x3a.forward(x)), b, Pools.maxDown(x)), 1);
    }
}
