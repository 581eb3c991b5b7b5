package io.lipsync.model.hyperiqa;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.BatchNorm;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Params;

/** ResNet's bottleneck: 1x1 down, 3x3 (carrying the stride), 1x1 up to 4x, plus the (projected) input. */
final class Bottleneck {
    static final int EXPANSION = 4;

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;
    private final Conv2d conv3;
    private final BatchNorm bn3;
    private final Conv2d downConv;
    private final BatchNorm downNorm;

    Bottleneck(Params p, long in, long planes, int stride) {
        int[] one = {1, 1};
        conv1 = new Conv2d(p.child("conv1"), in, planes, one, one, new int[] {0, 0}, 1, false);
        bn1 = new BatchNorm(p.child("bn1"), planes);
        conv2 = new Conv2d(p.child("conv2"), planes, planes, new int[] {3, 3}, new int[] {stride, stride}, one, 1, false);
        bn2 = new BatchNorm(p.child("bn2"), planes);
        conv3 = new Conv2d(p.child("conv3"), planes, planes * EXPANSION, one, one, new int[] {0, 0}, 1, false);
        bn3 = new BatchNorm(p.child("bn3"), planes * EXPANSION);
        if (stride != 1 || in != planes * EXPANSION) {
            downConv = new Conv2d(p.child("downsample").child("0"), in, planes * EXPANSION, one,
                    new int[] {stride, stride}, new int[] {0, 0}, 1, false);
            downNorm = new BatchNorm(p.child("downsample").child("1"), planes * EXPANSION);
        } else {
            downConv = null;
            downNorm = null;
        }
    }

    /** (N, in, H, W) -> (N, 4 planes, H / stride, W / stride) */
    NDArray forward(NDArray x) {
        NDArray h = Activation.relu(bn1.forward(conv1.forward(x)));
        h = Activation.relu(bn2.forward(conv2.forward(h)));
        h = bn3.forward(conv3.forward(h));
        NDArray residual = downConv == null ? x : downNorm.forward(downConv.forward(x));
        return Activation.relu(h.add(residual));
    }
}
