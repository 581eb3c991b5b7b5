package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.checkpoint.TorchCheckpointWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /**
     * As {@link #load}, for nets run only in evaluation mode: BatchNorm's {@code num_batches_tracked} counters,
     * which evaluation never reads, may be in the file or not (files saved before torch 0.4.1 lack them).
     */
    public static void loadForEvaluation(Params params, StateDict dict, NDManager manager, String what) {
        Map<String, TensorData> used = new LinkedHashMap<>(dict.tensors());
        used.keySet().removeIf(k -> k.endsWith(".num_batches_tracked"));
        load(params, StateDict.of(used), manager, what);
    }

    /**
     * Loads every declared weight from a checkpoint that may hold more (a stage-2 checkpoint's motion
     * modules for a stage-1 model, as upstream's trainers start from latentsync_unet.pt); returns the keys
     * left unused, for the caller to report. Missing or mis-shaped keys still fail the load.
     */
    public static java.util.List<String> loadSubset(Params params, StateDict dict, NDManager manager, String what) {
        KeyCheck check = KeyCheck.compare(params.expectedKeys(), shapes(dict));
        if (!check.missing().isEmpty() || !check.shapeMismatches().isEmpty()) {
            throw new CheckpointException("the " + what + " checkpoint does not match the architecture:\n"
                    + new KeyCheck(check.missing(), java.util.List.of(), check.shapeMismatches()).describe(),
                    "check that the file is a " + what + " checkpoint for this config");
        }
        for (Param p : params.weights().values()) {
            p.set(toEngine(dict.get(p.name()), manager));
        }
        return check.unexpected();
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

    /** A float32 tensor's values as float32 checkpoint data (copied off the engine). */
    public static TensorData fromEngine(NDArray a) {
        float[] values = a.toType(DataType.FLOAT32, false).toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(DType.F32, a.getShape().getShape(), b);
    }

    /**
     * Every weight as an entry torch.save can write under its official name; each tensor is copied off the
     * engine only when the writer reaches it, so a 5 GB model is never copied whole.
     */
    public static Map<String, Object> stateDict(Params params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : params.weights().values()) {
            out.put(p.name(), new TorchCheckpointWriter.Tensor(DType.F32, p.shape(), () -> fromEngine(p.value()).bytes()));
        }
        return out;
    }
}
