package io.lipsync.latentsync;

import ai.djl.ndarray.NDArray;

/** Told after every denoising step: its index, timestep, the (guided) noise used, and whether the full U-Net ran. */
@FunctionalInterface
public interface DenoiseListener {
    DenoiseListener NONE = (index, timestep, noise, fullStep) -> {};

    void onStep(int index, int timestep, NDArray noise, boolean fullStep);
}
