package io.lipsync.model.nn;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.StateDict;

/**
 * A network as its checkpoint names it, built from its settings {@code C}: the subclass's constructor declares the parameters under the
 * checkpoint's keys, and {@link #load} fills them from a state dict (the {@code nets} room decides which file).
 */
public abstract class Network<C> {
    /** How closely a file's keys must match the declared parameters. */
    public enum KeyMatch {
        /** Every key, no more, no less: upstream's strict load. */
        EXACT,
        /**
         * For nets run only in evaluation: BatchNorm's {@code num_batches_tracked} counters, which evaluation never
         * reads, may be in the file or not (upstream copies such files key by key; files from before torch 0.4.1
         * lack them).
         */
        COUNTERS_OPTIONAL
    }

    protected final Params params = Params.root();
    private final String name;
    private final KeyMatch match;
    private final C config;

    /** {@code config}: the settings the network was built from (null for a network with one fixed form). */
    protected Network(String name, KeyMatch match, C config) {
        this.name = name;
        this.match = match;
        this.config = config;
    }

    /** The settings the network was built from. */
    public final C config() {
        return config;
    }

    /** Every parameter by its checkpoint key. */
    public final Params params() {
        return params;
    }

    /** What messages call it ("U-Net", "SyncNet-v2"). */
    public final String name() {
        return name;
    }

    /** Fills every parameter from {@code weights}; any other difference in keys or shapes fails, naming them all. */
    public final void load(StateDict weights, NDManager manager) {
        if (match == KeyMatch.EXACT) {
            WeightLoader.load(params, weights, manager, name);
        } else {
            WeightLoader.loadForEvaluation(params, weights, manager, name);
        }
    }
}
