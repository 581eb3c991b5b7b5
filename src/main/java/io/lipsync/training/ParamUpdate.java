package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
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
 * The update half of a training step, after backward, as both of upstream's trainers do it: read the
 * trainable parameters' gradients, unscale (fp16 loss scaling), clip_grad_norm_, then AdamW unless a
 * gradient overflowed. Until the next step the parameters' gradients hold the clipped values.
 */
public final class ParamUpdate {
    /**
     * {@code gradNorms}: each trainable parameter's raw gradient norm (before unscaling and clipping), in
     * the trainable order; {@code keptGradients}: copies of the raw gradients of the parameters named in
     * {@link #keepGradients}; {@code gradTotalNorm}: what clip_grad_norm_ returned.
     */
    public record Applied(float[] gradNorms, Map<String, NDArray> keptGradients, float gradTotalNorm, boolean stepped) {}

    private final List<Param> trainable;
    private final AdamW optimizer;
    private final GradScaler scaler;
    private final double maxGradNorm;
    private Set<String> keep = Set.of();
    private boolean hasGradients;

    /** {@code scaler} null: plain float32 training (CPU), no loss scaling. */
    public ParamUpdate(List<Param> trainable, AdamW optimizer, GradScaler scaler, double maxGradNorm) {
        this.trainable = List.copyOf(trainable);
        this.optimizer = optimizer;
        this.scaler = scaler;
        this.maxGradNorm = maxGradNorm;
    }

    public GradScaler scaler() {
        return scaler;
    }

    public List<Param> trainable() {
        return trainable;
    }

    /** Also keep copies of these parameters' raw gradients (for checking them; costs their memory). */
    public void keepGradients(Collection<String> names) {
        keep = Set.copyOf(names);
    }

    /** The loss scale to multiply the loss by before backward (1 without a scaler). */
    public float lossScale() {
        return scaler == null ? 1f : (float) scaler.scale();
    }

    /**
     * torch's optimizer.zero_grad() and requires_grad on the trainable parameters: call before the forward
     * pass, since gradients accumulate across backward passes until cleared.
     */
    public void prepare() {
        for (Param p : trainable) {
            if (hasGradients) {
                JniUtils.zeroGrad((PtNDArray) p.value());
            }
            p.value().setRequiresGradient(true);
        }
        hasGradients = true;
    }

    /** After backward, inside the step's {@link NDScope}: the kept gradients survive it. */
    public Applied apply() {
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
        boolean overflow = scaler != null && scaler.unscale(grads);
        float total = GradClipping.clipGradNorm(grads, maxGradNorm);
        // Without loss scaling (float32 on a CPU) a non-finite gradient is still never applied: it would turn
        // every weight into NaN. The step is skipped, as GradScaler skips it in fp16.
        boolean stepped = scaler == null ? Float.isFinite(total) && stepNow(grads)
                : scaler.step(overflow, () -> optimizer.step(grads));
        kept.values().forEach(NDScope::unregister);
        return new Applied(norms, kept, total, stepped);
    }

    private boolean stepNow(List<NDArray> grads) {
        optimizer.step(grads);
        return true;
    }
}
