package io.lipsync.model.lpips;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * LPIPS with a VGG16 trunk (lpips 0.1's {@code LPIPS(net='vgg')}, the perceptual loss of LatentSync's stage 2):
 * both images are shifted and scaled per channel, run through VGG16's features, and at the end of each
 * of its five stages the channel-normalised activations are compared: squared difference, a learnt 1x1
 * weighting to one channel, spatial mean; the distance is the sum over stages. Frozen: loaded, never trained.
 */
public final class Lpips {
    private static final float[] SHIFT = {-0.030f, -0.088f, -0.188f};
    private static final float[] SCALE = {0.458f, 0.448f, 0.450f};

    private final Params trunk = Params.root();
    private final Params lin = Params.root();
    /** Per stage: its convolutions (a max-pool precedes every stage but the first). */
    private final List<List<Conv2d>> stages = new ArrayList<>();
    private final List<Param> linWeights = new ArrayList<>();

    public Lpips(LpipsConfig config) {
        List<Conv2d> stage = new ArrayList<>();
        long in = 3;
        int index = 0;
        for (Integer width : config.layers()) {
            if (width == null) {
                stages.add(stage);
                stage = new ArrayList<>();
                index++;
                continue;
            }
            stage.add(new Conv2d(trunk.child("features", index), in, width, 3, 1, 1));
            in = width;
            index += 2;
        }
        for (int k = 0; k < stages.size(); k++) {
            linWeights.add(lin.child("lin" + k).child("model", 1).add("weight", 1, widthOf(config, k), 1, 1));
        }
    }

    private static long widthOf(LpipsConfig config, int stage) {
        int seen = 0;
        Integer last = null;
        for (Integer w : config.layers()) {
            if (w == null) {
                if (seen++ == stage) {
                    return last;
                }
            } else {
                last = w;
            }
        }
        throw new IllegalArgumentException("no stage " + stage);
    }

    /** The VGG16 trunk's weights, by torchvision's names. */
    public Params trunk() {
        return trunk;
    }

    /** The linear layers' weights, by lpips' names. */
    public Params linear() {
        return lin;
    }

    /** Weights of the trunk's convolutions and of the linear layers. */
    public long parameterCount() {
        long n = 0;
        for (Params p : new Params[] {trunk, lin}) {
            for (Param w : p.weights().values()) {
                n += io.lipsync.checkpoint.TensorData.numel(w.shape());
            }
        }
        return n;
    }

    /** The VGG16 weights (torchvision's vgg16-397923af.pth; its classifier is not used) and lpips' linear weights. */
    public void load(StateDict vgg, StateDict linear, NDManager manager) {
        WeightLoader.loadSubset(trunk, vgg, manager, "LPIPS VGG16");
        WeightLoader.load(lin, linear, manager, "LPIPS linear");
    }

    /** Both images (N, 3, H, W) in [-1, 1] -> per-stage distances (N, stages) */
    public NDArray perStage(NDArray in0, NDArray in1) {
        List<NDArray> f0 = taps(scaled(in0));
        List<NDArray> f1 = taps(scaled(in1));
        NDList terms = new NDList();
        for (int k = 0; k < f0.size(); k++) {
            NDArray d = normalised(f0.get(k)).sub(normalised(f1.get(k))).square();
            NDArray weighted = d.mul(linWeights.get(k).value().reshape(1, -1, 1, 1)).sum(new int[] {1});
            terms.add(weighted.reshape(weighted.getShape().get(0), -1).mean(new int[] {1}, true));
        }
        return ai.djl.ndarray.NDArrays.concat(terms, 1);
    }

    /** Both images (N, 3, H, W) in [-1, 1] -> distance (N, 1, 1, 1) */
    public NDArray forward(NDArray in0, NDArray in1) {
        return perStage(in0, in1).sum(new int[] {1}).reshape(-1, 1, 1, 1);
    }

    private static NDArray scaled(NDArray x) {
        NDManager m = x.getManager();
        return x.sub(Constants.of(m, SHIFT, new Shape(1, 3, 1, 1))).div(Constants.of(m, SCALE, new Shape(1, 3, 1, 1)));
    }

    private List<NDArray> taps(NDArray x) {
        List<NDArray> out = new ArrayList<>();
        NDArray h = x;
        for (int k = 0; k < stages.size(); k++) {
            if (k > 0) {
                h = Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            for (Conv2d conv : stages.get(k)) {
                h = Activation.relu(conv.forward(h));
            }
            out.add(h);
        }
        return out;
    }

    /** f / (sqrt(sum over channels of f^2) + 1e-10), per pixel */
    private static NDArray normalised(NDArray feature) {
        NDArray f = Autocast.full(feature);
        return f.div(f.square().sum(new int[] {1}, true).sqrt().add(1e-10f));
    }
}
