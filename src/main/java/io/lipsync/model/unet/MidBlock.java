package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;
import io.lipsync.model.nn.Checkpointing;

/** UNetMidBlock3DCrossAttn: resnet, then spatial transformer (+ optional motion module) and resnet. */
final class MidBlock {
    private final ResnetBlock first;
    private final SpatialTransformer attention;
    private final MotionModule motion;
    private final ResnetBlock second;

    MidBlock(Params p, long channels, UNetConfig cfg) {
        first = new ResnetBlock(p.child("resnets", 0), channels, channels, cfg.timeEmbedDim(), cfg.norm().groups(),
                cfg.norm().eps());
        attention = new SpatialTransformer(p.child("attentions", 0), channels, cfg.attention().heads(),
                cfg.attention().crossAttentionDim(), cfg.norm().groups(), cfg.attention().addAudioLayer());
        motion = cfg.motion().use() && cfg.motion().midBlock()
                ? new MotionModule(p.child("motion_modules", 0), channels, cfg.motion().module()) : null;
        second = new ResnetBlock(p.child("resnets", 1), channels, channels, cfg.timeEmbedDim(), cfg.norm().groups(),
                cfg.norm().eps());
    }

    /** x (B*F, C, H, W) -> (B*F, C, H, W) */
    NDArray forward(NDArray x, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        NDArray r = ModuleTimes.time("resnets", () -> checkpointing.run(in -> first.forward(in[0], in[1], frames), x, temb));
        NDArray a = ModuleTimes.time("attentions", () -> checkpointing.run(in -> attention.forward(in[0], in[1]), r, audio));
        NDArray h = motion == null ? a
                : ModuleTimes.time("motion_modules", () -> checkpointing.run(in -> motion.forward(in[0], frames), a));
        return ModuleTimes.time("resnets", () -> checkpointing.run(in -> second.forward(in[0], in[1], frames), h, temb));
    }
}
