package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;

/**
 * One layer of a down or up block: {@code resnets.i}, then {@code attentions.i} (cross-attention blocks
 * only), then {@code motion_modules.i} (where the config places motion modules).
 */
final class BlockLayer {
    private final ResnetBlock resnet;
    private final SpatialTransformer attention;
    private final MotionModule motion;

    BlockLayer(Params block, int i, long in, long out, UNetConfig cfg, boolean crossAttention, boolean withMotion) {
        resnet = new ResnetBlock(block.child("resnets", i), in, out, cfg.timeEmbedDim(), cfg.normGroups(),
                cfg.normEps());
        attention = crossAttention ? new SpatialTransformer(block.child("attentions", i), out, cfg.attentionHeads(),
                cfg.crossAttentionDim(), cfg.normGroups(), cfg.addAudioLayer()) : null;
        motion = withMotion ? new MotionModule(block.child("motion_modules", i), out, cfg.motion()) : null;
    }

    /** x (B*F, in, H, W) -> (B*F, out, H, W) */
    NDArray forward(NDArray x, NDArray temb, NDArray audio, int frames) {
        return Ops.scoped(() -> {
            NDArray h = resnet.forward(x, temb, frames);
            if (attention != null) {
                h = attention.forward(h, audio);
            }
            return motion == null ? h : motion.forward(h, frames);
        });
    }
}
