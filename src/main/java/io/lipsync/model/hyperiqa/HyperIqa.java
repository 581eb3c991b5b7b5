package io.lipsync.model.hyperiqa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Network;

/**
 * HyperIQA (Su et al. 2020), the visual quality judge of upstream's step 7: a ResNet-50 reads the image, a
 * hyper network turns its last feature map into the weights of a small per-image target network (four
 * sigmoid layers and a linear one), which maps the backbone's multi-scale vector to a quality score
 * (0-100 on KonIQ-10k; upstream keeps clips scoring at least 40). Evaluation mode only.
 */
public final class HyperIqa extends Network<HyperIqaConfig> {
    private final ResNetBackbone backbone;
    private final Conv2d[] head = new Conv2d[3];
    private final Conv2d[] weightConv = new Conv2d[4];
    private final Linear[] biasFc = new Linear[4];
    private final Linear lastWeight;
    private final Linear lastBias;

    public HyperIqa(HyperIqaConfig c) {
        super("HyperIQA", KeyMatch.COUNTERS_OPTIONAL, c);
        backbone = new ResNetBackbone(params.child("res"), c);
        int[] one = {1, 1};
        long[] widths = {2048, 1024, 512, c.hyperIn()};
        for (int k = 0; k < 3; k++) {
            head[k] = new Conv2d(params.child("conv1").child(String.valueOf(2 * k)), widths[k], widths[k + 1], one, one,
                    new int[] {0, 0});
        }
        int[] sizes = {c.targetIn(), c.fc1(), c.fc2(), c.fc3(), c.fc4()};
        int area = c.featureSize() * c.featureSize();
        for (int k = 0; k < 4; k++) {
            weightConv[k] = new Conv2d(params.child("fc" + (k + 1) + "w_conv"), c.hyperIn(),
                    (long) sizes[k] * sizes[k + 1] / area, new int[] {3, 3}, one, one);
            biasFc[k] = new Linear(params.child("fc" + (k + 1) + "b_fc"), c.hyperIn(), sizes[k + 1], true);
        }
        lastWeight = new Linear(params.child("fc5w_fc"), c.hyperIn(), c.fc4(), true);
        lastBias = new Linear(params.child("fc5b_fc"), c.hyperIn(), 1, true);
    }


    /** ImageNet-normalised 224 px images (N, 3, 224, 224) -> quality scores (N) */
    public NDArray forward(NDArray images) {
        long n = images.getShape().get(0);
        ResNetBackbone.Out res = backbone.forward(images);
        NDArray feat = res.features();
        for (Conv2d c : head) {
            feat = Activation.relu(c.forward(feat));
        }
        NDArray pooled = feat.mean(new int[] {3}).mean(new int[] {2});
        int[] sizes = {config().targetIn(), config().fc1(), config().fc2(), config().fc3(), config().fc4()};
        // The target network, one per image: q = sigmoid(W q + b) four times, then the linear output layer.
        NDArray q = res.targetInput().reshape(n, sizes[0], 1);
        for (int k = 0; k < 4; k++) {
            NDArray w = weightConv[k].forward(feat).reshape(n, sizes[k + 1], sizes[k]);
            NDArray b = biasFc[k].forward(pooled).reshape(n, sizes[k + 1], 1);
            q = Activation.sigmoid(w.batchMatMul(q).add(b));
        }
        NDArray w5 = lastWeight.forward(pooled).reshape(n, 1, sizes[4]);
        NDArray b5 = lastBias.forward(pooled).reshape(n, 1, 1);
        return w5.batchMatMul(q).add(b5).reshape(new Shape(n));
    }
}
