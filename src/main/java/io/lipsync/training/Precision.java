package io.lipsync.training;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.lipsync.util.UserError;
import java.util.List;

/**
 * The arithmetic a training step runs in: float32, or upstream's mixed_precision_training, fp16 autocast
 * with a GradScaler. Master weights, gradients and optimiser state stay float32. (bfloat16 would need no
 * loss scaling, but DJL 0.36's PyTorch bindings abort on bfloat16 tensors, so it is not offered.)
 */
public enum Precision {
    FP32(null), FP16(DataType.FLOAT16);

    private final DataType autocast;

    Precision(DataType autocast) {
        this.autocast = autocast;
    }

    /** fp32 or fp16 (any case); null stays null (use the config's choice). */
    public static Precision parse(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("unknown precision '" + name + "'", "give fp32 or fp16");
        }
    }

    /** The low precision of matrix products and convolutions, or null for float32 throughout. */
    public DataType autocast() {
        return autocast;
    }

    /** fp16's range is small: its gradients need torch's dynamic loss scaling. */
    public boolean scalesLoss() {
        return this == FP16;
    }

    /**
     * {@code requested} (an option) if given; else the config's mixed_precision_training as upstream means
     * it, fp16 on a GPU; on a CPU float32, with a note in {@code notes} on what to ask for instead.
     */
    public static Precision resolve(Precision requested, boolean configMixed, Device device, List<String> notes) {
        if (requested != null) {
            return requested;
        }
        if (!configMixed) {
            return FP32;
        }
        if (device.isGpu()) {
            return FP16;
        }
        notes.add("mixed_precision_training: upstream's fp16 autocast is for CUDA; on this CPU training runs in "
                + "float32 (--precision fp16 runs upstream's arithmetic here too, slowly without fp16 units)");
        return FP32;
    }

    /** The GradScaler this precision needs (torch's defaults), or null. */
    public GradScaler scaler() {
        return scalesLoss() ? GradScaler.defaults() : null;
    }
}
