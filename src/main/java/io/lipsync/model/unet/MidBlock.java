package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;

/** UNetMidBlock3DCrossAttn: resnet, then spatial transformer (+ optional motion module) and resnet. */
final class MidBlock {
    private final ResnetBlock first;
    private final SpatialTransformer attention;
    private final MotionModule motion;
    private final ResnetBlock second;

    MidBlock(Params p, long channels, UNetConfig cfg) {
        first = new ResnetBlock(p.child("resnets", 0), channels, channels, cfg.timeEmbedDim(), cfg.normGroups(),
                cfg.normEps());
        attention = new SpatialTransformer(p.child("attentions", 0), channels, cfg.attentionHeads(),
                cfg.crossAttentionDim(), cfg.normGroups(), cfg.addAudioLayer());
        motion = cfg.useMotionModule() && cfg.motionModuleMidBlock()
                ? new MotionModule(p.child("motion_modules", 0), channels, cfg.motion()) : null;
        second = new ResnetBlock(p.child("resnets", 1), channels, channels, cfg.timeEmbedDim(), cfg.normGroups(),
                cfg.normEps());
    }

    /** x (B*F, C, H, W) -> (B*F, C, H, W) */
    NDArray forward(NDArray x, NDArray temb, NDArray audio, int frames) {
        NDArray h = first.forward(x, temb, frames);
        h = attention.forward(h, audio);
        if (motion != null) {
            h = motion.forward(h, frames);
        }
        return second.forward(h, temb, frames);
    }
}
