package io.lipsync.training;

import io.lipsync.checkpoint.TensorData;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import java.util.List;

/**
 * Which parameters a U-Net training run updates, as upstream's train_unet.py picks them: with motion
 * modules, only parameters whose name contains one of run.trainable_modules (a substring: "attentions."
 * takes whole spatial transformers, "attn2." only the audio cross-attention); without, all of them.
 * Buffers (the motion modules' sinusoid tables) are never trained; everything else stays frozen and holds
 * no optimiser state.
 */
public final class Trainable {
    private Trainable() {}

    public static List<Param> select(Params params, boolean useMotionModule, List<String> trainableModules) {
        return params.weights().values().stream()
                .filter(p -> !p.isBuffer())
                .filter(p -> !useMotionModule || trainableModules.stream().anyMatch(p.name()::contains))
                .toList();
    }

    public static long count(List<Param> params) {
        return params.stream().mapToLong(p -> TensorData.numel(p.shape())).sum();
    }
}
