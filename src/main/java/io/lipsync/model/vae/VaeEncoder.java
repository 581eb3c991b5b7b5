package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Downsample;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;
import java.util.ArrayList;
import java.util.List;

/** Image to latent moments: conv, resnet stages with downsampling, mid block, norm, conv to 2 x latents. */
final class VaeEncoder {
    private final Conv2d convIn;
    private final List<List<ResnetBlock>> stages = new ArrayList<>();
    private final List<Downsample> downsamplers = new ArrayList<>();
    private final VaeMidBlock mid;
    private final GroupNorm normOut;
    private final Conv2d convOut;

    VaeEncoder(Params p, VaeConfig cfg) {
        List<Integer> widths = cfg.blockOutChannels();
        int groups = cfg.normGroups();
        convIn = new Conv2d(p.child("conv_in"), cfg.inChannels(), widths.get(0), 3, 1, 1);
        int out = widths.get(0);
        for (int i = 0; i < widths.size(); i++) {
            Params block = p.child("down_blocks", i);
            int in = out;
            out = widths.get(i);
            List<ResnetBlock> resnets = new ArrayList<>();
            for (int j = 0; j < cfg.layersPerBlock(); j++) {
                resnets.add(new ResnetBlock(block.child("resnets", j), j == 0 ? in : out, out, 0, groups, 1e-6f));
            }
            stages.add(resnets);
            downsamplers.add(i < widths.size() - 1 ? new Downsample(block.child("downsamplers", 0), out, 0) : null);
        }
        mid = new VaeMidBlock(p.child("mid_block"), out, groups);
        normOut = new GroupNorm(p.child("conv_norm_out"), groups, out, 1e-6f);
        convOut = new Conv2d(p.child("conv_out"), out, 2L * cfg.latentChannels(), 3, 1, 1);
    }

    /** (N, 3, H, W) in [-1, 1] -> (N, 2*latent, H/8, W/8) */
    NDArray forward(NDArray x) {
        return Ops.scoped(() -> {
            NDArray h = convIn.forward(x);
            for (int i = 0; i < stages.size(); i++) {
                for (ResnetBlock r : stages.get(i)) {
                    h = r.forward(h, null, 1);
                }
                if (downsamplers.get(i) != null) {
                    h = downsamplers.get(i).forward(h);
                }
            }
            return convOut.forward(Ops.silu(normOut.forward(mid.forward(h))));
        });
    }
}
