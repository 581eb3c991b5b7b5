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
import io.lipsync.model.nn.ModuleTimes;
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
 * Where a run's time goes, by kind of op and by module: libtorch's own profiler records every op it runs (a
 * Chrome trace), and each op's self time (its time minus the ops it called) is summed by kind; the networks
 * time their own parts ({@link ModuleTimes}). Shares are of the run's wall time; what ran outside libtorch's
 * ops (Java, ONNX Runtime, FFmpeg, the profiler's own bookkeeping) is the rest.
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

    /**
     * A profile: its rows by kind of op (shares of the wall time, the last row what ran outside libtorch's
     * ops), the modules' times, the wall time, this machine's rate on one large float32 matmul (the yardstick
     * for theirs), and where libtorch's trace is (null when none was kept: {@link #ofParts}).
     */
    public record Result(List<Row> rows, List<ModuleTimes.Row> modules, double wallMillis, double referenceGflops,
            Path trace) {}

    static final String OUTSIDE = "outside libtorch ops";

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

    /** Work in parts: it calls {@code cut} between them (see {@link #ofParts}). */
    public interface Parts {
        void run(Runnable cut);
    }

    /** Runs {@code work} under the profiler (its trace kept at {@code trace}), sums it by kind and rates it. */
    public static Result of(Runnable work, Path trace) throws IOException {
        return profile(cut -> work.run(), trace, trace);
    }

    /**
     * As {@link #of}, for work too long for one trace: under one, a whole full-size chunk made the process grow
     * past 24 GB here (16 frames at 256 px). At each cut the profiler stops, the part's trace is summed and
     * deleted, and the profiler starts again; the time that takes is left out of the wall time. No trace is kept.
     */
    public static Result ofParts(Parts work) throws IOException {
        Path part = Files.createTempFile("lipsync-profile-part-", ".json");
        try {
            return profile(work, part, null);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static Result profile(Parts work, Path trace, Path kept) throws IOException {
        FlopCount.Counts[] flops = new FlopCount.Counts[1];
        Map<String, double[]> sums = new LinkedHashMap<>();
        long[] bookkeeping = new long[1];
        Runnable cut = () -> {
            long t = System.nanoTime();
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
            sumInto(trace, sums);
            JniUtils.startProfile(false, false, false);
            bookkeeping[0] += System.nanoTime() - t;
        };
        JniUtils.startProfile(false, false, false);
        long start = System.nanoTime();
        long end;
        List<ModuleTimes.Row> modules;
        try {
            modules = ModuleTimes.of(() -> flops[0] = FlopCount.of(() -> work.run(cut)));
        } finally {
            end = System.nanoTime();
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        double wall = (end - start - bookkeeping[0]) / 1e6;
        sumInto(trace, sums);
        Map<String, Double> byKind = Map.of("convolution", flops[0].convolution(), "linear layers", flops[0].linear(),
                "attention", flops[0].attention());
        List<Row> rows = ofWall(rowsOf(sums), wall).stream()
                .map(r -> r.withRate(byKind.getOrDefault(r.kind(), 0.0))).toList();
        return new Result(rows, modules, wall, referenceGflops(), kept);
    }

    /** Adds a trace file's self times and calls by kind to {@code sums}. */
    private static void sumInto(Path trace, Map<String, double[]> sums) {
        try {
            sumInto(JsonParser.parseString(Files.readString(trace)), sums);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The rows with shares of the wall time, and a last row for the time outside libtorch's ops. */
    static List<Row> ofWall(List<Row> rows, double wallMillis) {
        List<Row> out = new ArrayList<>();
        double inside = 0;
        for (Row r : rows) {
            out.add(new Row(r.kind(), r.millis(), r.millis() / wallMillis, r.calls(), r.gflops()));
            inside += r.millis();
        }
        // Ops on several threads at once could sum past the wall time; then nothing is left outside.
        double outside = Math.max(0, wallMillis - inside);
        out.add(new Row(OUTSIDE, outside, outside / wallMillis, 0, Double.NaN));
        return out;
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
        Map<String, double[]> sums = new LinkedHashMap<>();
        sumInto(trace, sums);
        return rowsOf(sums);
    }

    /** Adds a trace's self times (microseconds) and calls by kind to {@code sums}. */
    private static void sumInto(JsonElement trace, Map<String, double[]> sums) {
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
        for (int i = 0; i < spans.size(); i++) {
            double[] sum = sums.computeIfAbsent(kind(names.get(i)), k -> new double[2]);
            sum[0] += self[i];
            sum[1]++;
        }
    }

    /** Rows from sums by kind, largest first, with shares of the op time. */
    private static List<Row> rowsOf(Map<String, double[]> sums) {
        double total = sums.values().stream().mapToDouble(v -> v[0]).sum();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> k : sums.entrySet()) {
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

    /**
     * The tables as text: by module (networks and their top-level blocks, then the U-Net's time by kind of
     * part), then by kind of op with rates also as a share of the reference matmul's.
     */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder(String.format("  %-26s %9s %7s %8s%n", "module", "ms", "share", "calls"));
        for (ModuleTimes.Row m : result.modules()) {
            if (m.depth() <= 2) {
                out.append(moduleLine("  ".repeat(m.depth() - 1) + m.name(), m.millis(), m.calls(), result.wallMillis()));
            }
        }
        Map<String, double[]> parts = unetParts(result.modules());
        if (!parts.isEmpty()) {
            out.append("  U-Net by kind of part\n");
            parts.forEach((name, t) -> out.append(moduleLine("  " + name, t[0], (long) t[1], result.wallMillis())));
        }
        out.append(String.format("%n  %-20s %9s %7s %8s %9s %8s%n", "op kind", "ms", "share", "calls", "GFLOP/s",
                "of ref"));
        for (Row r : result.rows()) {
            String rate = Double.isNaN(r.gflops()) ? String.format("%9s %8s", "", "")
                    : String.format("%9.1f %7.0f%%", r.gflops(), 100 * r.gflops() / result.referenceGflops());
            out.append(String.format("  %-20s %9.0f %6.1f%% %8d %s%n", r.kind(), r.millis(), 100 * r.share(), r.calls(),
                    rate).stripTrailing()).append('\n');
        }
        out.append(String.format("  wall time %.0f ms; one 2048-square float32 matmul here runs at %.1f GFLOP/s%n",
                result.wallMillis(), result.referenceGflops()));
        return out.toString();
    }

    /**
     * The U-Net's blocks' parts (resnets, attentions, motion_modules, down- and upsamplers) summed by kind over
     * every block: time and calls, in the order first run.
     */
    static Map<String, double[]> unetParts(List<ModuleTimes.Row> modules) {
        Map<String, double[]> parts = new LinkedHashMap<>();
        for (ModuleTimes.Row m : modules) {
            if (m.depth() == 3 && m.path().startsWith("U-Net/")) {
                double[] t = parts.computeIfAbsent(m.name(), n -> new double[2]);
                t[0] += m.millis();
                t[1] += m.calls();
            }
        }
        return parts;
    }

    private static String moduleLine(String name, double millis, long calls, double wallMillis) {
        return String.format("  %-26s %9.0f %6.1f%% %8d%n", name, millis, 100 * millis / wallMillis, calls);
    }
}
