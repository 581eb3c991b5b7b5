package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.model.nn.Upsample;
import java.util.ArrayList;
import java.util.List;

/**
 * Latents to image: conv, mid block, resnet stages with upsampling, norm, conv to RGB. Its recomputed pieces are
 * diffusers' checkpointed pieces: the mid block (here with conv in) and each up block. (Each resnet as a
 * piece of its own measured a higher peak: its extra kept boundaries outweigh the smaller recompute.)
 */
final class VaeDecoder {
    private final Conv2d convIn;
    private final VaeMidBlock mid;
    private final List<List<ResnetBlock>> stages = new ArrayList<>();
    private final List<Upsample> upsamplers = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeDecoder(Params p, VaeConfig cfg) {
        List<Integer> widths = cfg.blockOutChannels();
        int levels = widths.size();
        int groups = cfg.normGroups();
        int top = widths.get(levels - 1);
        convIn = new Conv2d(p.child("conv_in"), cfg.latentChannels(), top, 3, 1, 1);
        mid = new VaeMidBlock(p.child("mid_block"), top, groups);
        int out = top;
        for (int i = 0; i < levels; i++) {
            Params block = p.child("up_blocks", i);
            int in = out;
            out = widths.get(levels - 1 - i);
            List<ResnetBlock> resnets = new ArrayList<>();
            for (int j = 0; j <= cfg.layersPerBlock(); j++) {
                resnets.add(new ResnetBlock(block.child("resnets", j), j == 0 ? in : out, out, 0, groups, 1e-6f));
            }
            stages.add(resnets);
            upsamplers.add(i < levels - 1 ? new Upsample(block.child("upsamplers", 0), out) : null);
        }
        normOut = new GroupNorm(p.child("conv_norm_out"), groups, out, 1e-6f);
        convOut = new Conv2d(p.child("conv_out"), out, cfg.outChannels(), 3, 1, 1);
    }

    /** (N, latent, h, w) -> (N, 3, 8h, 8w) */
    NDArray forward(NDArray z, Checkpointing checkpointing) {
        return Ops.scoped(() -> {
            NDArray h = checkpointing.run(in -> mid.forward(convIn.forward(in[0])), z);
            for (int i = 0; i < stages.size(); i++) {
                int level = i;
                h = checkpointing.run(in -> upBlock(level, in[0]), h);
            }
            return checkpointing.run(in -> convOut.forward(Ops.silu(normOut.forward(in[0]))), h);
        });
    }

    /** Up block i: its resnets, then its upsampler if it has one. */
    private NDArray upBlock(int i, NDArray x) {
        return Ops.scoped(() -> {
            NDArray h = x;
            for (ResnetBlock r : stages.get(i)) {
                h = r.forward(h, null, 1);
            }
            return upsamplers.get(i) == null ? h : upsamplers.get(i).forward(h);
        });
    }
}
