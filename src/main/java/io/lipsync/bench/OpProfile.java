package io.lipsync.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.model.nn.FlopCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a run's time goes, by kind of op: libtorch's own profiler records every op it runs (a Chrome trace),
 * and each op's self time (its time minus the ops it called) is summed by kind. Ops outside libtorch (Java,
 * ONNX Runtime, FFmpeg) are not in it.
 */
public final class OpProfile {
    /**
     * One kind of op: its self time, share of all recorded op time, calls, and for convolutions, linear
     * layers and attention the rate achieved (GFLOP/s of their counted operations; NaN for the other kinds).
     */
    public record Row(String kind, double millis, double share, long calls, double gflops) {
        Row withRate(double flops) {
            return new Row(kind, millis, share, calls, flops > 0 && millis > 0 ? flops / millis / 1e6 : Double.NaN);
        }
    }

    /** A profile: its rows, and this machine's rate on one large float32 matmul, the yardstick for theirs. */
    public record Result(List<Row> rows, double referenceGflops) {}

    /** The kinds, in the order of the first rule an op name matches. */
    private static final List<Map.Entry<String, String[]>> KINDS = List.of(
            Map.entry("convolution", new String[] {"conv", "mkldnn_convolution"}),
            Map.entry("attention", new String[] {"bmm", "baddbmm", "scaled_dot_product"}),
            Map.entry("linear layers", new String[] {"matmul", "addmm", "mm", "linear"}),
            Map.entry("softmax", new String[] {"softmax"}),
            Map.entry("group / layer norm", new String[] {"group_norm", "layer_norm", "batch_norm"}),
            Map.entry("layout copies", new String[] {"copy_", "contiguous", "clone", "to", "_to_copy", "reshape",
                    "permute", "transpose", "cat", "empty_strided", "as_strided"}),
            Map.entry("interpolation", new String[] {"upsample", "interpolate"}),
            Map.entry("elementwise", new String[] {"add", "mul", "sub", "div", "gelu", "silu", "sigmoid", "exp", "pow",
                    "sqrt", "rsqrt", "neg", "tanh", "relu", "where", "fill_", "zero_", "sum", "mean"}));

    private OpProfile() {}

    /** Runs {@code work} under the profiler (its trace kept at {@code trace}), sums it by kind and rates it. */
    public static Result of(Runnable work, Path trace) throws IOException {
        FlopCount.Counts flops;
        JniUtils.startProfile(false, false, false);
        try {
            flops = FlopCount.of(work);
        } finally {
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        Map<String, Double> byKind = Map.of("convolution", flops.convolution(), "linear layers", flops.linear(),
                "attention", flops.attention());
        List<Row> rows = summarize(JsonParser.parseString(Files.readString(trace))).stream()
                .map(r -> r.withRate(byKind.getOrDefault(r.kind(), 0.0))).toList();
        return new Result(rows, referenceGflops());
    }

    /** The best of three 2048-square float32 matmuls, in GFLOP/s: near what this CPU's cores can do. */
    static double referenceGflops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(2048, 2048));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                a.matMul(a).toFloatArray();
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
        }
    }

    /** A Chrome trace (an array of events, or an object holding {@code traceEvents}) summed by kind. */
    static List<Row> summarize(JsonElement trace) {
        JsonArray events = trace.isJsonArray() ? trace.getAsJsonArray()
                : trace.getAsJsonObject().getAsJsonArray("traceEvents");
        List<double[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!"X".equals(o.has("ph") ? o.get("ph").getAsString() : "") || !o.has("dur")) {
                continue;
            }
            String thread = o.has("tid") ? o.get("tid").getAsString() : "";
            spans.add(new double[] {o.get("ts").getAsDouble(), o.get("dur").getAsDouble(), thread.hashCode()});
            names.add(o.get("name").getAsString());
        }
        double[] self = selfTimes(spans);
        Map<String, double[]> byKind = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < spans.size(); i++) {
            double[] sum = byKind.computeIfAbsent(kind(names.get(i)), k -> new double[2]);
            sum[0] += self[i];
            sum[1]++;
            total += self[i];
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> k : byKind.entrySet()) {
            rows.add(new Row(k.getKey(), k.getValue()[0] / 1000, total == 0 ? 0 : k.getValue()[0] / total,
                    (long) k.getValue()[1], Double.NaN));
        }
        rows.sort(Comparator.comparingDouble(Row::millis).reversed());
        return rows;
    }

    /** Each span's duration minus its direct children's, nesting found per thread by start and end. */
    private static double[] selfTimes(List<double[]> spans) {
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> spans.get(i)[2])
                .thenComparingDouble(i -> spans.get(i)[0]).thenComparingDouble(i -> -spans.get(i)[1]));
        double[] self = new double[spans.size()];
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i : order) {
            double[] s = spans.get(i);
            self[i] = s[1];
            while (!open.isEmpty() && (spans.get(open.peek())[2] != s[2]
                    || spans.get(open.peek())[0] + spans.get(open.peek())[1] <= s[0])) {
                open.pop();
            }
            if (!open.isEmpty()) {
                self[open.peek()] -= s[1];
            }
            open.push(i);
        }
        return self;
    }

    /** The kind of an op by its name (aten::convolution -> convolution). */
    static String kind(String name) {
        String op = name.substring(name.lastIndexOf(':') + 1).toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String[]> k : KINDS) {
            for (String word : k.getValue()) {
                if (op.equals(word) || op.startsWith(word + "_") || op.startsWith("_" + word) || op.contains(word)
                        && word.length() > 3) {
                    return k.getKey();
                }
            }
        }
        return "other";
    }

    /** The table as text, one kind a line; rates also as a share of the reference matmul's. */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder(String.format("  %-20s %9s %7s %8s %9s %8s%n", "op kind", "ms", "share",
                "calls", "GFLOP/s", "of ref"));
        for (Row r : result.rows()) {
            String rate = Double.isNaN(r.gflops()) ? String.format("%9s %8s", "", "")
                    : String.format("%9.1f %7.0f%%", r.gflops(), 100 * r.gflops() / result.referenceGflops());
            out.append(String.format("  %-20s %9.0f %6.1f%% %8d %s%n", r.kind(), r.millis(), 100 * r.share(), r.calls(),
                    rate).stripTrailing()).append('\n');
        }
        out.append(String.format("  reference: one 2048-square float32 matmul here runs at %.1f GFLOP/s%n",
                result.referenceGflops()));
        return out.toString();
    }
}
