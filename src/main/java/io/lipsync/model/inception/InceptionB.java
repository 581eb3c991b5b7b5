package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Params;

/** Mixed_6a: the 35 -> 17 reduction (strided 3x3, strided double 3x3, max pool). */
final class InceptionB {
    private final BasicConv branch3x3;
    private final BasicConv dbl1;
    private final BasicConv dbl2;
    private final BasicConv dbl3;

    InceptionB(Params p, long in) {
        branch3x3 = new BasicConv(p.child("branch3x3"), in, 384, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0});
        dbl1 = new BasicConv(p.child("branch3x3dbl_1"), in, 64, 1, 0);
        dbl2 = new BasicConv(p.child("branch3x3dbl_2"), 64, 96, 3, 1);
        dbl3 = new BasicConv(p.child("branch3x3dbl_3"), 96, 96, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0});
    }

    /** (N, in, 35, 35) -> (N, 480 + in, 17, 17) */
    NDArray forward(NDArray x) {
        return NDArrays.concat(new NDList(branch3x3.forward(x), dbl3.forward(dbl2.forward(dbl1.forward(x))),
                Pools.maxDown(x)), 1);
    }
}
