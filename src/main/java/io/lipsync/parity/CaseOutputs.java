package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a runner computed, by output key. A few golden "outputs" are really selectors (e.g. which frame
 * windows a case stored); the runner reads those and names them here instead of computing them.
 */
public final class CaseOutputs {
    private final Map<String, Tensor> computed = new LinkedHashMap<>();
    private final Set<String> selectors = new LinkedHashSet<>();
    private final Map<String, Tensor> ownGoldens = new LinkedHashMap<>();
    private final Map<String, Tolerance> ownTolerances = new LinkedHashMap<>();

    public CaseOutputs put(String key, Tensor value) {
        computed.put(key, value);
        return this;
    }

    public CaseOutputs put(String key, NDArray value) {
        return put(key, Fixtures.toTensor(value));
    }

    /**
     * An output compared against a golden the runner read itself, for cases whose outputs are whole files
     * (a checkpoint's table and values) rather than tensors named in cases.json.
     */
    public CaseOutputs compare(String key, Tensor actual, Tensor golden) {
        computed.put(key, actual);
        ownGoldens.put(key, golden);
        return this;
    }

    /** As {@link #compare(String, Tensor, Tensor)}, with a tolerance of its own. */
    public CaseOutputs compare(String key, Tensor actual, Tensor golden, Tolerance tolerance) {
        ownTolerances.put(key, tolerance);
        return compare(key, actual, golden);
    }

    Map<String, Tensor> ownGoldens() {
        return ownGoldens;
    }

    Tolerance ownTolerance(String key, Tolerance fallback) {
        return ownTolerances.getOrDefault(key, fallback);
    }

    public CaseOutputs selector(String key) {
        selectors.add(key);
        return this;
    }

    Map<String, Tensor> computed() {
        return computed;
    }

    Set<String> selectors() {
        return selectors;
    }
}
