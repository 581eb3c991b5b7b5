package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.lipsync.model.nn.Param;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an optimiser step changes: the trainable parameters, their AdamW, the fp16 loss scaler (null in
 * float32) and the clipping norm. {@link Trainer#step} runs the step itself.
 */
public final class ParamUpdate {
    /**
     * What a step did. {@code gradNorms}: each trainable parameter's raw gradient norm (before unscaling and
     * clipping), in the trainable order; {@code keptGradients}: copies of the raw gradients of the parameters
     * named in {@link #keepGradients}; {@code gradTotalNorm}: what clip_grad_norm_ returned.
     */
    public record Applied(float[] gradNorms, Map<String, NDArray> keptGradients, float gradTotalNorm, boolean stepped) {}

    /** The raw gradients after backward, their norms, and the copies asked for. */
    record Gradients(List<NDArray> values, float[] norms, Map<String, NDArray> kept) {}

    private final List<Param> trainable;
    private final AdamW optimizer;
    private final GradScaler scaler;
    private final double maxGradNorm;
    private Set<String> keep = Set.of();
    private boolean hasGradients;

    /** {@code scaler} null: plain float32 training, no loss scaling. */
    public ParamUpdate(List<Param> trainable, AdamW optimizer, GradScaler scaler, double maxGradNorm) {
        this.trainable = List.copyOf(trainable);
        this.optimizer = optimizer;
        this.scaler = scaler;
        this.maxGradNorm = maxGradNorm;
    }

    public List<Param> trainable() {
        return trainable;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public GradScaler scaler() {
        return scaler;
    }

    public double maxGradNorm() {
        return maxGradNorm;
    }

    /** Also keep copies of these parameters' raw gradients (for checking them; costs their memory). */
    public void keepGradients(Collection<String> names) {
        keep = Set.copyOf(names);
    }

    /** The loss scale to multiply the loss by before backward (1 without a scaler). */
    float lossScale() {
        return scaler == null ? 1f : (float) scaler.scale();
    }

    /**
     * torch's optimizer.zero_grad() and requires_grad on the trainable parameters: before the forward pass,
     * since gradients accumulate across backward passes until cleared.
     */
    void zeroGradients() {
        for (Param p : trainable) {
            if (hasGradients) {
                JniUtils.zeroGrad((PtNDArray) p.value());
            }
            p.value().setRequiresGradient(true);
        }
        hasGradients = true;
    }

    /** After backward: the trainable parameters' gradients (the parameters' own, changed in place by clipping). */
    Gradients gradients() {
        List<NDArray> grads = new ArrayList<>();
        float[] norms = new float[trainable.size()];
        Map<String, NDArray> kept = new LinkedHashMap<>();
        for (int i = 0; i < trainable.size(); i++) {
            NDArray g = trainable.get(i).value().getGradient();
            grads.add(g);
            norms[i] = g.norm().getFloat();
            if (keep.contains(trainable.get(i).name())) {
                kept.put(trainable.get(i).name(), g.duplicate());
            }
        }
        return new Gradients(grads, norms, kept);
    }
}
