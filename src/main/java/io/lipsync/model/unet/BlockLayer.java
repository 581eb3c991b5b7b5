package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.ResnetBlock;
import io.lipsync.model.nn.Checkpointing;

/**
 * One layer of a down or up block: {@code resnets.i}, then {@code attentions.i} (cross-attention blocks
 * only), then {@code motion_modules.i} (where the config places motion modules); each is a piece of its
 * own, as upstream checkpoints them.
 */
final class BlockLayer {
    private final ResnetBlock resnet;
    private final SpatialTransformer attention;
    private final MotionModule motion;

    BlockLayer(Params block, int i, long in, long out, UNetConfig cfg, boolean crossAttention, boolean withMotion) {
        resnet = new ResnetBlock(block.child("resnets", i), in, out, cfg.timeEmbedDim(), cfg.norm().groups(),
                cfg.norm().eps());
        attention = crossAttention ? new SpatialTransformer(block.child("attentions", i), out, cfg.attention().heads(),
                cfg.attention().crossAttentionDim(), cfg.norm().groups(), cfg.attention().addAudioLayer()) : null;
        motion = withMotion ? new MotionModule(block.child("motion_modules", i), out, cfg.motion().module()) : null;
    }

    /** x (B*F, in, H, W) -> (B*F, out, H, W) */
    NDArray forward(NDArray x, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        return rest(ModuleTimes.time("resnets", () -> checkpointing.run(in -> resnet.forward(in[0], in[1], frames), x, temb)),
                audio, frames, checkpointing);
    }

    /** An up block's layer: x (B*F, Cx, H, W) and a skip (B*F, Cs, H, W), concatenated -> (B*F, out, H, W) */
    NDArray forward(NDArray x, NDArray skip, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        NDArray h = ModuleTimes.time("resnets", () -> checkpointing.run(
                in -> resnet.forward(NDArrays.concat(new NDList(in[0], in[2]), 1), in[1], frames), x, temb, skip));
        return rest(h, audio, frames, checkpointing);
    }

    private NDArray rest(NDArray h, NDArray audio, int frames, Checkpointing checkpointing) {
        NDArray a = attention == null ? h
                : ModuleTimes.time("attentions", () -> checkpointing.run(in -> attention.forward(in[0], in[1]), h, audio));
        return motion == null ? a
                : ModuleTimes.time("motion_modules", () -> checkpointing.run(in -> motion.forward(in[0], frames), a));
    }
}
