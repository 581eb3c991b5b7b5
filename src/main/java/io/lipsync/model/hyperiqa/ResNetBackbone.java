package io.lipsync.model.hyperiqa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.lipsync.model.nn.BatchNorm;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * HyperIQA's ResNet-50 with its local distortion aware (LDA) taps: after each stage, a 1x1 convolution (not
 * after the last), a 7x7 average pool and a linear layer give a few features; together they are the target
 * network's input vector, and the last stage's map feeds the hyper network.
 */
final class ResNetBackbone {
    private static final int[] BLOCKS = {3, 4, 6, 3};

    /** The two outputs: the last feature map (N, 2048, 7, 7) and the LDA vector (N, targetIn). */
    record Out(NDArray features, NDArray targetInput) {}

    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final List<List<Bottleneck>> layers = new ArrayList<>();
    private final Conv2d[] ldaConv = new Conv2d[3];
    private final Linear[] ldaFc = new Linear[4];

    ResNetBackbone(Params p, HyperIqaConfig c) {
        conv1 = new Conv2d(p.child("conv1"), 3, 64, new int[] {7, 7}, new int[] {2, 2}, new int[] {3, 3}, 1, false);
        bn1 = new BatchNorm(p.child("bn1"), 64);
        long in = 64;
        for (int l = 0; l < BLOCKS.length; l++) {
            long planes = 64L << l;
            List<Bottleneck> blocks = new ArrayList<>();
            for (int b = 0; b < BLOCKS[l]; b++) {
                blocks.add(new Bottleneck(p.child("layer" + (l + 1)).child(String.valueOf(b)), in, planes,
                        b == 0 && l > 0 ? 2 : 1));
                in = planes * Bottleneck.EXPANSION;
            }
            layers.add(blocks);
        }
        // The taps' widths: stage channels 256/512/1024 to 16/32/64, pooled 7x7 from 56/28/14 px maps.
        long[] tapOut = {16, 32, 64};
        long[] pooled = {64, 16, 4};
        int[] one = {1, 1};
        for (int k = 0; k < 3; k++) {
            ldaConv[k] = new Conv2d(p.child("lda" + (k + 1) + "_pool").child("0"), 256L << k, tapOut[k], one, one,
                    new int[] {0, 0}, 1, false);
            ldaFc[k] = new Linear(p.child("lda" + (k + 1) + "_fc"), tapOut[k] * pooled[k], c.ldaOut(), true);
        }
        ldaFc[3] = new Linear(p.child("lda4_fc"), 2048, c.targetIn() - 3L * c.ldaOut(), true);
    }

    /** Normalised 224 px images (N, 3, 224, 224) -> the last map and the LDA vector */
    Out forward(NDArray x) {
        NDArray h = Activation.relu(bn1.forward(conv1.forward(x)));
        h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        List<NDArray> taps = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            for (Bottleneck b : layers.get(l)) {
                h = b.forward(h);
            }
            NDArray tap = l < 3 ? ldaConv[l].forward(h) : h;
            tap = Pool.avgPool2d(tap, new Shape(7, 7), new Shape(7, 7), new Shape(0, 0), false, true);
            taps.add(ldaFc[l].forward(tap.reshape(tap.getShape().get(0), -1)));
        }
        NDArray vector = taps.get(0).concat(taps.get(1), 1).concat(taps.get(2), 1).concat(taps.get(3), 1);
        return new Out(h, vector);
    }
}
