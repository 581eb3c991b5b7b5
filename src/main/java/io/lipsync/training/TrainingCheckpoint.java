package io.lipsync.training;

import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.SafetensorsWriter;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.checkpoint.TorchCheckpointWriter;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a training run saves: {@code checkpoint-N.pt} in upstream's layout ({state_dict, global_step} as
 * torch.save writes it, so upstream's Python and our loaders read it) and beside it
 * {@code checkpoint-N.state.safetensors} with what upstream drops and an exact resume needs: AdamW's
 * moments and step count, and in fp16 runs the GradScaler's scale and clean-step count. Both are written atomically, the state file last, so a checkpoint whose state
 * file exists is complete.
 */
public final class TrainingCheckpoint {
    private TrainingCheckpoint() {}

    public static Path weights(Path dir, long step) {
        return dir.resolve("checkpoint-" + step + ".pt");
    }

    static Path state(Path dir, long step) {
        return dir.resolve("checkpoint-" + step + ".state.safetensors");
    }

    public static void save(Path dir, long step, Params params, AdamW optimizer, List<Param> trained)
            throws IOException {
        save(dir, step, params, optimizer, trained, null, Map.of());
    }

    /**
     * {@code extras}: more entries of the .pt's top-level dict, e.g. the loss lists upstream's
     * train_syncnet.py expects beside global_step when it resumes from a checkpoint; {@code scaler} null
     * when the run scales no loss.
     */
    public static void save(Path dir, long step, Params params, AdamW optimizer, List<Param> trained,
            GradScaler scaler, Map<String, ?> extras) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("state_dict", WeightLoader.stateDict(params));
        root.put("global_step", step);
        root.putAll(extras);
        TorchCheckpointWriter.write(weights(dir, step), "checkpoint-" + step, root);
        Map<String, TensorData> state = new LinkedHashMap<>();
        for (int i = 0; i < trained.size(); i++) {
            String name = trained.get(i).name();
            state.put("exp_avg/" + name, WeightLoader.fromEngine(optimizer.firstMoment(i)));
            state.put("exp_avg_sq/" + name, WeightLoader.fromEngine(optimizer.secondMoment(i)));
        }
        state.put("adam_step", new TensorData(DType.I64, new long[] {1},
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, optimizer.stepCount())));
        if (scaler != null) {
            state.put("grad_scale", new TensorData(DType.F64, new long[] {1},
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, scaler.scale())));
            state.put("grad_scaler_clean_steps", new TensorData(DType.I64, new long[] {1},
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, scaler.cleanSteps())));
        }
        SafetensorsWriter.write(state(dir, step), state);
    }

    /** The newest complete checkpoint's step in {@code dir}, if any. */
    public static Optional<Long> latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("checkpoint-\\d+\\.state\\.safetensors"))
                    .map(n -> Long.parseLong(n.substring("checkpoint-".length(), n.indexOf('.'))))
                    .filter(step -> Files.isRegularFile(weights(dir, step)))
                    .max(Long::compare);
        }
    }

    /** Loads checkpoint {@code step}'s weights into {@code params} and its optimiser state into {@code optimizer}. */
    public static void restore(Path dir, long step, Params params, AdamW optimizer, List<Param> trained)
            throws IOException {
        restore(dir, step, params, optimizer, trained, null);
    }

    /** The same, and the GradScaler's state into {@code scaler} (when the run scales its loss). */
    public static void restore(Path dir, long step, Params params, AdamW optimizer, List<Param> trained,
            GradScaler scaler) throws IOException {
        StateDict weights = StateDict.load(weights(dir, step));
        for (Param p : params.weights().values()) {
            TensorData t = weights.get(p.name());
            if (t == null) {
                throw new UserError(weights(dir, step) + " lacks " + p.name(), "resume from a checkpoint of this run");
            }
            p.value().set(t.toFloats());
        }
        Map<String, TensorData> state = SafetensorsReader.read(state(dir, step));
        List<float[]> m = new ArrayList<>();
        List<float[]> v = new ArrayList<>();
        for (Param p : trained) {
            m.add(state.get("exp_avg/" + p.name()).toFloats());
            v.add(state.get("exp_avg_sq/" + p.name()).toFloats());
        }
        optimizer.restore(state.get("adam_step").bytes().getLong(0), m, v);
        if (scaler != null) {
            TensorData scale = state.get("grad_scale");
            if (scale == null) {
                throw new UserError(state(dir, step) + " holds no loss-scale state: the run was not fp16",
                        "resume with the precision the run started with");
            }
            scaler.restore(scale.bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN).getDouble(0),
                    (int) state.get("grad_scaler_clean_steps").bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0));
        }
    }
}
