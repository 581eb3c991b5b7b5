package io.lipsync.model.unet;

import io.lipsync.util.UserError;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

/**
 * DeepCache with branch 0, as upstream's inference scripts enable it: every {@code interval}-th step runs
 * the whole U-Net and keeps the input of the last up block's final layer; the steps between reuse it and
 * recompute only that layer (fed by the fresh conv_in skip) and the output head.
 *
 * <p>Upstream also re-runs the last up block's earlier motion modules on their cached inputs; they take
 * no timestep, so that yields exactly the cached value kept here.
 */
public final class DeepCache implements AutoCloseable {
    private final int interval;
    private boolean reuse;
    private NDArray stored;

    public DeepCache(int interval) {
        if (interval < 1) {
            throw new UserError("cache interval must be at least 1");
        }
        this.interval = interval;
    }

    /** Sets up step {@code index} (its position in the scheduler's timesteps, from 0 per chunk). */
    public void beginStep(int index) {
        reuse = index % interval != 0 && stored != null;
    }

    public boolean reuse() {
        return reuse;
    }

    NDArray stored() {
        return stored;
    }

    void store(NDArray value) {
        if (stored != null) {
            stored.close();
        }
        stored = value.duplicate();
        NDScope.unregister(stored);
    }

    @Override
    public void close() {
        if (stored != null) {
            stored.close();
            stored = null;
        }
    }
}
