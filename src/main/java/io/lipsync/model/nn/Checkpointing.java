package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * How a model runs the pieces of its forward pass that gradient checkpointing recomputes (the pieces upstream
 * wraps in torch.utils.checkpoint). Inference and plain training run them directly; a checkpointed training
 * step hands in a tape that keeps only each piece's inputs and recomputes it during the backward pass.
 */
public interface Checkpointing {
    /**
     * A piece of a forward pass: a function of its inputs alone. Whatever it reads that needs a gradient must
     * come in as an input, and it must not update its inputs in place.
     */
    @FunctionalInterface
    interface Body {
        NDArray apply(NDArray[] in);
    }

    NDArray run(Body body, NDArray... inputs);

    /** Declares an input from outside the forward pass that needs no gradient (data, frozen features). */
    default NDArray constant(NDArray x) {
        return x;
    }

    /** Runs every piece at once, recording nothing of its own. */
    Checkpointing NONE = (body, inputs) -> body.apply(inputs);
}
