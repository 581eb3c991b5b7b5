package io.lipsync.model.inception;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Interpolate;
import io.lipsync.model.nn.Network;

/**
 * The Inception-v3 that FID is measured with (pytorch-fid's port of TensorFlow's 2015-12-05 graph,
 * pt_inception-2015-12-05-6726825d.pth): torchvision's Inception3 layout without the auxiliary head, a
 * 1008-class classifier (in the file, never run), average pools that do not count padding, and a max-pooled
 * last block. Images go in at 299 px in [0, 1]; the 2048 features after the final average pool come out.
 */
public final class FidInception extends Network<Void> {
    public static final int SIZE = 299;
    public static final int FEATURES = 2048;
    private static final int CLASSES = 1008;

    private final BasicConv conv1a, conv2a, conv2b, conv3b, conv4a;
    private final InceptionA[] mixed5 = new InceptionA[3];
    private final InceptionB mixed6a;
    private final InceptionC[] mixed6 = new InceptionC[4];
    private final InceptionD mixed7a;
    private final InceptionE mixed7b;
    private final InceptionE mixed7c;

    public FidInception() {
        super("FID Inception", KeyMatch.COUNTERS_OPTIONAL, null);
        conv1a = new BasicConv(params.child("Conv2d_1a_3x3"), 3, 32, new int[] {3, 3}, new int[] {2, 2},
                new int[] {0, 0});
        conv2a = new BasicConv(params.child("Conv2d_2a_3x3"), 32, 32, 3, 0);
        conv2b = new BasicConv(params.child("Conv2d_2b_3x3"), 32, 64, 3, 1);
        conv3b = new BasicConv(params.child("Conv2d_3b_1x1"), 64, 80, 1, 0);
        conv4a = new BasicConv(params.child("Conv2d_4a_3x3"), 80, 192, 3, 0);
        mixed5[0] = new InceptionA(params.child("Mixed_5b"), 192, 32);
        mixed5[1] = new InceptionA(params.child("Mixed_5c"), 256, 64);
        mixed5[2] = new InceptionA(params.child("Mixed_5d"), 288, 64);
        mixed6a = new InceptionB(params.child("Mixed_6a"), 288);
        long[] c7 = {128, 160, 160, 192};
        String[] names = {"Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"};
        for (int i = 0; i < 4; i++) {
            mixed6[i] = new InceptionC(params.child(names[i]), 768, c7[i]);
        }
        mixed7a = new InceptionD(params.child("Mixed_7a"), 768);
        mixed7b = new InceptionE(params.child("Mixed_7b"), 1280, false);
        mixed7c = new InceptionE(params.child("Mixed_7c"), 2048, true);
        params.child("fc").addUnused("weight", CLASSES, FEATURES);
        params.child("fc").addUnused("bias", CLASSES);
    }

    /** Images (N, 3, H, W) in [0, 1], RGB -> features (N, 2048) */
    public NDArray features(NDArray images) {
        NDArray x = images;
        if (x.getShape().get(2) != SIZE || x.getShape().get(3) != SIZE) {
            x = Interpolate.bilinear(x, SIZE, SIZE);
        }
        x = x.mul(2).sub(1);
        x = Pools.maxDown(conv2b.forward(conv2a.forward(conv1a.forward(x))));
        x = Pools.maxDown(conv4a.forward(conv3b.forward(x)));
        for (InceptionA block : mixed5) {
            x = block.forward(x);
        }
        x = mixed6a.forward(x);
        for (InceptionC block : mixed6) {
            x = block.forward(x);
        }
        x = mixed7c.forward(mixed7b.forward(mixed7a.forward(x)));
        return x.mean(new int[] {3}).mean(new int[] {2}).reshape(new Shape(x.getShape().get(0), FEATURES));
    }
}
