package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.model.nn.Upsample;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoder stage (CrossAttnUpBlock3D or UpBlock3D): layersPerBlock + 1 layers, each taking the previous
 * output concatenated with one skip connection, then an optional 2x upsampler.
 */
final class UpBlock {
    private final List<BlockLayer> layers = new ArrayList<>();
    private final Upsample upsampler;

    UpBlock(Params p, long skipIn, long prevOut, long out, UNetConfig cfg, boolean crossAttention, boolean motion,
            boolean up) {
        int count = cfg.blocks().layersPerBlock() + 1;
        for (int i = 0; i < count; i++) {
            long skip = i == count - 1 ? skipIn : out;
            long resIn = i == 0 ? prevOut : out;
            layers.add(new BlockLayer(p, i, resIn + skip, out, cfg, crossAttention, motion));
        }
        upsampler = up ? new Upsample(p.child("upsamplers", 0), out) : null;
    }

    int layerCount() {
        return layers.size();
    }

    /** Layer i on cat(h, skip) along channels: (B*F, Ch + Cs, H, W) -> (B*F, out, H, W) */
    NDArray layer(int i, NDArray h, NDArray skip, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        return layers.get(i).forward(h, skip, temb, audio, frames, checkpointing);
    }

    /** (B*F, out, H, W) -> (B*F, out, 2H, 2W), or unchanged in the last block */
    NDArray upsample(NDArray h, Checkpointing checkpointing) {
        return upsampler == null ? h
                : ModuleTimes.time("upsamplers", () -> checkpointing.run(in -> upsampler.forward(in[0]), h));
    }

    /** Runs every layer, consuming skips from the end of the list. */
    NDArray forward(NDArray x, List<NDArray> skips, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layer(i, h, skips.remove(skips.size() - 1), temb, audio, frames, checkpointing);
        }
        return upsample(h, checkpointing);
    }
}
