package io.lipsync.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gradient checkpointing for a chain of stages (torch.utils.checkpoint by hand): the forward pass runs without
 * recording and keeps only each stage's input; the backward pass recomputes one stage at a time from its
 * input, back-propagates the gradient arriving at its output, and hands the gradient at its input to the
 * stage before. Peak memory is one stage's activations instead of the whole chain's, for one more forward.
 * Parameter gradients accumulate as in an ordinary backward pass (a collector never clears them).
 */
public final class StageChain {
    /** What the recording-free forward pass keeps: every stage's input, and the chain's output. */
    public record Saved(List<NDArray> inputs, NDArray output) {}

    private final List<UnaryOperator<NDArray>> stages;

    public StageChain(List<UnaryOperator<NDArray>> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Runs the chain; call outside a gradient collector, so nothing is recorded. */
    public Saved forward(NDArray x) {
        List<NDArray> inputs = new ArrayList<>();
        NDArray h = x;
        for (UnaryOperator<NDArray> stage : stages) {
            // A copy: a stage run without recording may update its input in place.
            inputs.add(h.duplicate());
            h = stage.apply(h);
        }
        return new Saved(inputs, h);
    }

    /**
     * Back-propagates {@code gradOut} (the loss's gradient at the chain's output) through every stage, adding
     * to the parameters' gradients; returns the gradient at the chain's input when {@code inputGradient}.
     */
    public NDArray backward(Saved saved, NDArray gradOut, boolean inputGradient) {
        NDArray g = gradOut;
        for (int k = stages.size() - 1; k >= 0; k--) {
            boolean wanted = k > 0 || inputGradient;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray in = saved.inputs().get(k).duplicate();
                if (wanted) {
                    in.setRequiresGradient(true);
                }
                NDArray out = stages.get(k).apply(in);
                // d(sum(out * g))/d(theta) is the gradient g propagated back through the stage.
                collector.backward(out.mul(g).sum());
                g = wanted ? in.getGradient().duplicate() : null;
            }
        }
        return g;
    }
}
