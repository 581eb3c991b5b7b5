package io.lipsync.model.syncnet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.Checkpointing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * DownEncoder2D: 3x3 conv in, then per width a resnet block (downsampling by its factor), followed by an
 * attention block where the config says so (both count in {@code down_blocks}' indices), GroupNorm, ReLU.
 */
final class DownEncoder {
    private final Conv2d convIn;
    private final List<UnaryOperator<NDArray>> blocks = new ArrayList<>();
    private final GroupNorm normOut;

    DownEncoder(Params p, SyncNetConfig.Encoder cfg) {
        List<Integer> widths = cfg.blockOutChannels();
        convIn = new Conv2d(p.child("conv_in"), cfg.inChannels(), widths.get(0), 3, 1, 1);
        int index = 0;
        long out = widths.get(0);
        for (int i = 0; i < widths.size(); i++) {
            long in = out;
            out = widths.get(i);
            blocks.add(new DownResnetBlock(p.child("down_blocks", index++), in, out, cfg.downsample().get(i))::forward);
            if (cfg.attention().get(i)) {
                blocks.add(new AttentionBlock(p.child("down_blocks", index++), out)::forward);
            }
        }
        normOut = new GroupNorm(p.child("norm_out"), 32, widths.get(widths.size() - 1), 1e-6f);
    }

    /** (N, in, H, W) -> (N, C, h, w), every entry >= 0; conv in, each block and norm out are recomputed pieces */
    NDArray forward(NDArray x, Checkpointing checkpointing) {
        return Ops.scoped(() -> {
            NDArray h = checkpointing.run(in -> convIn.forward(in[0]), x);
            for (UnaryOperator<NDArray> block : blocks) {
                h = checkpointing.run(in -> block.apply(in[0]), h);
            }
            return checkpointing.run(in -> Activation.relu(normOut.forward(in[0])), h);
        });
    }
}
