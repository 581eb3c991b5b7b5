package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Downsample;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.Checkpointing;
import java.util.ArrayList;
import java.util.List;

/** An encoder stage (CrossAttnDownBlock3D or DownBlock3D): layers, then an optional stride-2 downsampler. */
final class DownBlock {
    private final List<BlockLayer> layers = new ArrayList<>();
    private final Downsample downsampler;

    DownBlock(Params p, long in, long out, UNetConfig cfg, boolean crossAttention, boolean motion, boolean down) {
        for (int i = 0; i < cfg.blocks().layersPerBlock(); i++) {
            layers.add(new BlockLayer(p, i, i == 0 ? in : out, out, cfg, crossAttention, motion));
        }
        downsampler = down ? new Downsample(p.child("downsamplers", 0), out, 1) : null;
    }

    /** x (B*F, in, H, W) -> (B*F, out, H', W'); every layer's output (and the downsampled one) joins skips */
    NDArray forward(NDArray x, NDArray temb, NDArray audio, int frames, List<NDArray> skips, Checkpointing checkpointing) {
        NDArray h = x;
        for (BlockLayer layer : layers) {
            h = layer.forward(h, temb, audio, frames, checkpointing);
            skips.add(h);
        }
        if (downsampler != null) {
            NDArray last = h;
            h = ModuleTimes.time("downsamplers", () -> checkpointing.run(in -> downsampler.forward(in[0]), last));
            skips.add(h);
        }
        return h;
    }
}
