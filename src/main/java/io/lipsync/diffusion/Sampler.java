package io.lipsync.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * One sampling run of a fixed number of steps, from noise to a clean sample: its timesteps and one update
 * per step. A run may keep state between steps (a multistep solver keeps the previous prediction), so each
 * chunk starts a fresh one; closing it frees that state.
 */
public interface Sampler extends AutoCloseable {
    /** The timesteps the model is asked at, first to last. */
    int[] timesteps();

    /** The update of step {@code index}: the model's noise prediction at timesteps()[index] and x_t -> the next x. */
    NDArray step(NDArray modelOutput, int index, NDArray sample);

    @Override
    default void close() {}
}
