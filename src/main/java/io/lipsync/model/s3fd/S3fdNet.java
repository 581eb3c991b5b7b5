package io.lipsync.model.s3fd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * S3FD (single-shot scale-invariant face detector), the face finder of upstream's SyncNet evaluation: a VGG16
 * trunk with fc6/fc7 as convolutions, two extra stages, and on six feature maps (strides 4 to 128) a box
 * and a face/background head per position, each position owning one square anchor of 4 x its stride. The
 * first map's background score is the maximum of three ("max-out"), which damps false small faces.
 */
public final class S3fdNet extends Network<Void> {
    /** Anchor side per feature map, in input pixels. */
    static final int[] MIN_SIZES = {16, 32, 64, 128, 256, 512};
    static final int[] STEPS = {4, 8, 16, 32, 64, 128};
    private static final int[] K3 = {3, 3};
    private static final int[] K1 = {1, 1};
    private static final int[] ONE = {1, 1};
    private static final int[] TWO = {2, 2};
    private static final int[] PAD1 = {1, 1};
    private static final int[] PAD0 = {0, 0};

    /** Per position of every map, in prior order: box offsets (P, 4), face probability (P), anchors (P, 4). */
    public record Raw(float[] loc, float[] face, float[] priors, int inputWidth, int inputHeight) {
        public int count() {
            return face.length;
        }
    }

    /** VGG16's convolutions by their index in upstream's ModuleList (ReLUs and pools sit between them). */
    private final List<Conv2d> stage3 = new ArrayList<>();
    private final List<Conv2d> stage4 = new ArrayList<>();
    private final List<Conv2d> stage5 = new ArrayList<>();
    private final Conv2d fc6;
    private final Conv2d fc7;
    private final L2Norm norm3;
    private final L2Norm norm4;
    private final L2Norm norm5;
    private final Conv2d[] extras = new Conv2d[4];
    private final Conv2d[] loc = new Conv2d[6];
    private final Conv2d[] conf = new Conv2d[6];

    public S3fdNet() {
        super("S3FD", KeyMatch.EXACT, null);
        Params vgg = params.child("vgg");
        int[][] trunk = {{0, 3, 64}, {2, 64, 64}, {5, 64, 128}, {7, 128, 128}, {10, 128, 256}, {12, 256, 256},
            {14, 256, 256}};
        for (int[] c : trunk) {
            stage3.add(new Conv2d(vgg.child(String.valueOf(c[0])), c[1], c[2], K3, ONE, PAD1));
        }
        for (int[] c : new int[][] {{17, 256, 512}, {19, 512, 512}, {21, 512, 512}}) {
            stage4.add(new Conv2d(vgg.child(String.valueOf(c[0])), c[1], c[2], K3, ONE, PAD1));
        }
        for (int index : new int[] {24, 26, 28}) {
            stage5.add(new Conv2d(vgg.child(String.valueOf(index)), 512, 512, K3, ONE, PAD1));
        }
        fc6 = new Conv2d(vgg.child("31"), 512, 1024, K3, ONE, new int[] {6, 6}, 6);
        fc7 = new Conv2d(vgg.child("33"), 1024, 1024, K1, ONE, PAD0);
        norm3 = new L2Norm(params.child("L2Norm3_3"), 256);
        norm4 = new L2Norm(params.child("L2Norm4_3"), 512);
        norm5 = new L2Norm(params.child("L2Norm5_3"), 512);
        Params ex = params.child("extras");
        extras[0] = new Conv2d(ex.child("0"), 1024, 256, K1, ONE, PAD0);
        extras[1] = new Conv2d(ex.child("1"), 256, 512, K3, TWO, PAD1);
        extras[2] = new Conv2d(ex.child("2"), 512, 128, K1, ONE, PAD0);
        extras[3] = new Conv2d(ex.child("3"), 128, 256, K3, TWO, PAD1);
        long[] sourceChannels = {256, 512, 512, 1024, 512, 256};
        for (int k = 0; k < 6; k++) {
            loc[k] = new Conv2d(params.child("loc").child(String.valueOf(k)), sourceChannels[k], 4, K3, ONE, PAD1);
            conf[k] = new Conv2d(params.child("conf").child(String.valueOf(k)), sourceChannels[k], k == 0 ? 4 : 2, K3,
                    ONE, PAD1);
        }
    }

    /** An RGB image minus the channel means (1, 3, H, W) -> per-anchor outputs */
    public Raw forward(NDArray x) {
        int height = (int) x.getShape().get(2);
        int width = (int) x.getShape().get(3);
        List<NDArray> sources = new ArrayList<>();
        NDArray h = x;
        for (int i = 0; i < stage3.size(); i++) {
            if (i == 2 || i == 4) {
                h = pool(h, false);
            }
            h = Activation.relu(stage3.get(i).forward(h));
        }
        sources.add(norm3.forward(h));
        h = pool(h, true);
        for (Conv2d c : stage4) {
            h = Activation.relu(c.forward(h));
        }
        sources.add(norm4.forward(h));
        h = pool(h, false);
        for (Conv2d c : stage5) {
            h = Activation.relu(c.forward(h));
        }
        sources.add(norm5.forward(h));
        h = pool(h, false);
        h = Activation.relu(fc7.forward(Activation.relu(fc6.forward(h))));
        sources.add(h);
        for (int k = 0; k < extras.length; k++) {
            h = Activation.relu(extras[k].forward(h));
            if (k % 2 == 1) {
                sources.add(h);
            }
        }
        NDList locs = new NDList();
        NDList confs = new NDList();
        List<float[]> priors = new ArrayList<>();
        for (int k = 0; k < sources.size(); k++) {
            NDArray s = sources.get(k);
            NDArray c = conf[k].forward(s);
            if (k == 0) {
                c = c.get(":, 0:3").max(new int[] {1}, true).concat(c.get(":, 3:"), 1);
            }
            locs.add(loc[k].forward(s).transpose(0, 2, 3, 1).reshape(-1, 4));
            confs.add(c.transpose(0, 2, 3, 1).reshape(-1, 2));
            priors.add(anchors(k, (int) s.getShape().get(2), (int) s.getShape().get(3), width, height));
        }
        NDArray face = NDArrays.concat(confs, 0).softmax(1).get(":, 1");
        float[] all = new float[priors.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : priors) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return new Raw(NDArrays.concat(locs, 0).toFloatArray(), face.toFloatArray(), all, width, height);
    }

    private static NDArray pool(NDArray x, boolean ceil) {
        return Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), ceil);
    }

    /** (cx, cy, w, h) per position of map k, rows then columns, relative to the input size. */
    private static float[] anchors(int k, int rows, int cols, int width, int height) {
        float[] out = new float[rows * cols * 4];
        double fw = width / (double) STEPS[k];
        double fh = height / (double) STEPS[k];
        int at = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[at++] = (float) ((j + 0.5) / fw);
                out[at++] = (float) ((i + 0.5) / fh);
                out[at++] = (float) (MIN_SIZES[k] / (double) width);
                out[at++] = (float) (MIN_SIZES[k] / (double) height);
            }
        }
        return out;
    }
}
