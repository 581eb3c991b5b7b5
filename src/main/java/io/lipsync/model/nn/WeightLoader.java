package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a state dict against a model's declared weights, then copies it onto the engine as float32. */
public final class WeightLoader {
    private WeightLoader() {}

    public static Map<String, long[]> shapes(StateDict dict) {
        Map<String, long[]> out = new LinkedHashMap<>();
        dict.tensors().forEach((k, t) -> out.put(k, t.shape()));
        return out;
    }

    /**
     * Loads every declared weight. Any missing, unexpected or mis-shaped key fails the whole load with
     * one message naming them all (upstream's strict=False would drop such keys silently).
     */
    public static void load(Params params, StateDict dict, NDManager manager, String what) {
        KeyCheck check = KeyCheck.compare(params.expectedKeys(), shapes(dict));
        if (!check.clean()) {
            throw new CheckpointException("the " + what + " checkpoint does not match the architecture:\n"
                    + check.describe(), "check that the file is the " + what
                    + " checkpoint for this model version and config (`lipsync models check` shows what is wrong)");
        }
        for (Param p : params.weights().values()) {
            p.set(toEngine(dict.get(p.name()), manager));
        }
    }

    static NDArray toEngine(TensorData t, NDManager manager) {
        Shape shape = new Shape(t.shape());
        if (t.dtype() == DType.F32) {
            return manager.create(t.bytes().duplicate(), shape, DataType.FLOAT32);
        }
        if (!t.dtype().isFloat()) {
            throw new CheckpointException("weight tensors must be floating point, found " + t.dtype(),
                    "use the official checkpoint files");
        }
        return manager.create(t.toFloats(), shape);
    }
}
