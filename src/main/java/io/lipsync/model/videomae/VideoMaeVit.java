package io.lipsync.model.videomae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Interpolate;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * VideoMAE v2's VisionTransformer, the feature extractor of LatentSync's TREPA loss: tubelet patches, a
 * fixed sinusoid position table (stretched over time for clips of other than 16 frames), pre-norm blocks,
 * and the mean of the tokens through {@code fc_norm}. Frozen: loaded, never trained.
 */
public final class VideoMaeVit extends Network<VitConfig> {
    private final Param patchWeight;
    private final Param patchBias;
    private final List<VitBlock> blocks = new ArrayList<>();
    private final LayerNorm fcNorm;

    public VideoMaeVit(VitConfig c) {
        super("VideoMAE", KeyMatch.EXACT, c);
        Params proj = params.child("patch_embed").child("proj");
        VitConfig.Patches patches = c.patches();
        patchWeight = proj.add("weight", c.width(), 3, patches.tubelet(), patches.patchSize(), patches.patchSize());
        patchBias = proj.add("bias", c.width());
        for (int i = 0; i < c.depth(); i++) {
            blocks.add(new VitBlock(params.child("blocks", i), c));
        }
        fcNorm = new LayerNorm(params.child("fc_norm"), c.width(), 1e-6f);
        // The classifier is in the checkpoint but TREPA only takes features.
        params.addUnused("head.weight", c.numClasses(), c.width());
        params.addUnused("head.bias", c.numClasses());
    }


    /** The position table added to a clip of {@code frames} frames: (1, frames/2 · grid², D). */
    public NDArray positionTable(NDManager m, int frames) {
        VitConfig.Patches patches = config().patches();
        int tokens = patches.allFrames() / patches.tubelet() * patches.grid() * patches.grid();
        int d = config().width();
        float[] table = new float[tokens * d];
        for (int pos = 0; pos < tokens; pos++) {
            for (int j = 0; j < d; j++) {
                double angle = pos / Math.pow(10000, 2.0 * (j / 2) / d);
                table[pos * d + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        NDArray full = Constants.of(m, table, new Shape(1, tokens, d));
        return frames == patches.allFrames() ? full
                : Interpolate.positionTable(full, patches.allFrames() / patches.tubelet(), frames);
    }

    /** clip (B, 3, T, 224, 224) in [0, 1] -> features (B, D) */
    public NDArray forwardFeatures(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        VitConfig.Patches patches = config().patches();
        int tubelet = patches.tubelet();
        int t = (int) s.get(2) / tubelet;
        int g = patches.grid();
        int p = patches.patchSize();
        // The tubelet convolution has stride = kernel: a matrix product over non-overlapping patches.
        NDArray cubes = x.reshape(b, 3, t, tubelet, g, p, g, p).transpose(0, 2, 4, 6, 1, 3, 5, 7)
                .reshape(b, (long) t * g * g, 3L * tubelet * p * p);
        NDArray tokens = Autocast.low(cubes).matMul(Autocast.low(patchWeight.value().reshape(config().width(), -1).transpose()))
                .add(Autocast.low(patchBias.value()));
        NDArray h = tokens.add(positionTable(x.getManager(), (int) s.get(2)));
        for (VitBlock block : blocks) {
            h = block.forward(h);
        }
        return fcNorm.forward(h.mean(new int[] {1}));
    }
}
