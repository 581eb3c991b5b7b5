package io.lipsync.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lipsync.checkpoint.DType;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.Interpolate;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.nn.FeedForward;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
/**
 * Runners for the layers the training substrate builds on, forward and backward (vector-Jacobian products):
 * the engine's GroupNorm, attention and GEGLU, and the resizes.
 */
final class OpCases {
    private OpCases() {}

    static CaseOutputs groupNorm(ParityCase c, Fixtures f, NDManager m) {
        NDArray x = f.inputArray(c, "x", m);
        long channels = x.getShape().get(1);
        Params params = Params.root();
        GroupNorm norm = new GroupNorm(params, c.configInt("num_groups", 32), channels,
                c.configFloat("eps", 1e-5f));
        load(params, c, f, m, Map.of("weight", "weight", "bias", "bias"));
        String statistics = c.config().has("statistics") ? c.config().get("statistics").getAsString() : "";
        Function<NDArray, NDArray> forward;
        if (x.getShape().dimension() == 4) {
            forward = norm::forward;
        } else {
            // (b, c, f, h, w) runs frame-folded, as the engine holds video; statistics pooled over frames or not.
            boolean perFrame = statistics.contains("(sample, frame");
            forward = v -> {
                Shape s = v.getShape();
                NDArray folded = v.transpose(0, 2, 1, 3, 4).reshape(s.get(0) * s.get(2), s.get(1), s.get(3), s.get(4));
                NDArray y = norm.forward(folded, perFrame ? 1 : (int) s.get(2));
                return y.reshape(s.get(0), s.get(2), s.get(1), s.get(3), s.get(4)).transpose(0, 2, 1, 3, 4);
            };
        }
        return vjp(c, f, m, Map.of("x", x), params, forward);
    }

    static CaseOutputs sdpa(ParityCase c, Fixtures f, NDManager m) {
        NDArray q = f.inputArray(c, "q", m);
        NDArray k = f.inputArray(c, "k", m);
        NDArray v = f.inputArray(c, "v", m);
        int heads = (int) q.getShape().get(1);
        long d = q.getShape().get(3);
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", q);
        inputs.put("k", k);
        inputs.put("v", v);
        // (batch, heads, tokens, d) <-> the engine's (batch, tokens, heads*d).
        Function<NDArray, NDArray> merge = a -> a.transpose(0, 2, 1, 3).reshape(a.getShape().get(0),
                a.getShape().get(2), heads * d);
        return vjp(c, f, m, inputs, Params.root(), ignored -> {
            NDArray out = Ops.attention(merge.apply(q), merge.apply(k), merge.apply(v), heads,
                    (float) (1 / Math.sqrt(d)));
            return out.reshape(out.getShape().get(0), out.getShape().get(1), heads, d).transpose(0, 2, 1, 3);
        });
    }

    static CaseOutputs geglu(ParityCase c, Fixtures f, NDManager m) {
        NDArray x = f.inputArray(c, "x", m);
        Params params = Params.root();
        FeedForward ff = new FeedForward(params, x.getShape().get(x.getShape().dimension() - 1));
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : params.weights().keySet()) {
            names.put(key, key);
        }
        load(params, c, f, m, names);
        return vjp(c, f, m, Map.of("x", x), params, ff::forward);
    }

    /** Loads the case's tensors into a module's declared weights (name in the module -> input key). */
    private static void load(Params params, ParityCase c, Fixtures f, NDManager m, Map<String, String> names) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        names.forEach((param, input) -> {
            Tensor t = f.input(c, input);
            ByteBuffer b = ByteBuffer.allocate(t.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(t.data());
            tensors.put(param, new TensorData(DType.F32, t.shape(), b));
        });
        WeightLoader.load(params, StateDict.of(tensors), m, c.name());
    }

    /**
     * Runs {@code forward} on the first input with gradients on for every input and weight, then backward
     * of sum(out * grad_out_out): outputs {@code out}, {@code grad_<input>} and {@code grad_<weight>}.
     */
    private static CaseOutputs vjp(ParityCase c, Fixtures f, NDManager m, Map<String, NDArray> inputs, Params params,
            Function<NDArray, NDArray> forward) {
        CaseOutputs out = new CaseOutputs();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            inputs.values().forEach(a -> a.setRequiresGradient(true));
            for (Param p : params.weights().values()) {
                p.value().setRequiresGradient(true);
            }
            NDArray y = forward.apply(inputs.values().iterator().next());
            collector.backward(y.mul(f.inputArray(c, "grad_out_out", m)).sum());
            out.put("out", y);
            inputs.forEach((name, a) -> out.put("grad_" + name, a.getGradient()));
            for (Param p : params.weights().values()) {
                out.put("grad_" + p.name(), p.value().getGradient());
            }
        }
        return out;
    }

    static CaseOutputs resizeBicubic(ParityCase c, Fixtures f, NDManager m) {
        var axes = c.config().getAsJsonObject("axes");
        int outH = axes.getAsJsonArray("H").get(1).getAsInt();
        int outW = axes.getAsJsonArray("W").get(1).getAsInt();
        return vjp(c, f, m, Map.of("x", f.inputArray(c, "x", m)), Params.root(),
                x -> Interpolate.bicubic(x, outH, outW));
    }

    /** The source rows for each size pair the case names (index_IN_to_OUT), and the one tensor resized. */
    static CaseOutputs resizeNearest(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            if (key.startsWith("index_")) {
                String[] sizes = key.substring("index_".length()).split("_to_");
                int[] index = Interpolate.nearestIndices(Integer.parseInt(sizes[0]), Integer.parseInt(sizes[1]));
                float[] values = new float[index.length];
                for (int i = 0; i < index.length; i++) {
                    values[i] = index[i];
                }
                out.put(key, Tensor.of(values, index.length));
            }
        }
        NDArray x = f.inputArray(c, "x", m);
        long[] target = f.golden(c, "out").shape();
        return out.put("out", Interpolate.nearest(x, (int) target[2], (int) target[3]));
    }

    static CaseOutputs resizeTrilinear(ParityCase c, Fixtures f, NDManager m) {
        NDArray table = f.inputArray(c, "x", m);
        int temporal = c.config().getAsJsonArray("grid").get(0).getAsInt();
        CaseOutputs out = new CaseOutputs();
        for (var frames : c.config().getAsJsonArray("frames")) {
            out.put("out_T" + frames.getAsInt(), Interpolate.positionTable(table, temporal, frames.getAsInt()));
        }
        return out;
    }
}
