package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a module declares its weights, under dotted names that match the official state dicts.
 * Building a model only declares shapes; {@link WeightLoader} fills them from a checkpoint.
 */
public final class Params {
    private final String prefix;
    private final Map<String, Param> weights;
    private final Map<String, long[]> unused;

    private Params(String prefix, Map<String, Param> weights, Map<String, long[]> unused) {
        this.prefix = prefix;
        this.weights = weights;
        this.unused = unused;
    }

    public static Params root() {
        return new Params("", new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public Params child(String name) {
        return new Params(prefix + name + ".", weights, unused);
    }

    public Params child(String name, int index) {
        return child(name + "." + index);
    }

    public Param add(String name, long... shape) {
        return declare(new Param(prefix + name, shape, false));
    }

    /** A state-dict entry that is not a trainable parameter (torch's register_buffer). */
    public Param addBuffer(String name, long... shape) {
        return declare(new Param(prefix + name, shape, true));
    }

    private Param declare(Param p) {
        if (weights.put(p.name(), p) != null) {
            throw new IllegalStateException("weight declared twice: " + p.name());
        }
        return p;
    }

    /** A weight the official file holds but this engine never runs (e.g. Whisper's text decoder). */
    public void addUnused(String name, long... shape) {
        unused.put(prefix + name, shape.clone());
    }

    /** Every weight this model runs, by full name. */
    public Map<String, Param> weights() {
        return Collections.unmodifiableMap(weights);
    }

    /** Converts every loaded weight to {@code dtype} (fp16 on a GPU as upstream runs it, fp64 for reference runs). */
    public void castTo(DataType dtype) {
        for (Param p : weights.values()) {
            NDArray old = p.value();
            if (old.getDataType() != dtype) {
                p.set(old.toType(dtype, false));
                old.close();
            }
        }
    }

    /**
     * Gives every loaded weight memory of its own. Weights load as read-only views of the memory-mapped
     * checkpoint (no copy for inference); an optimiser that updates them in place needs this first.
     */
    public void makeTrainable() {
        for (Param p : weights.values()) {
            NDArray mapped = p.value();
            p.set(mapped.duplicate());
            mapped.close();
        }
    }

    /** Every key and shape the official file has: run weights plus unused ones. */
    public Map<String, long[]> expectedKeys() {
        Map<String, long[]> all = new LinkedHashMap<>();
        weights.forEach((k, p) -> all.put(k, p.shape()));
        all.putAll(unused);
        return all;
    }
}
