package io.lipsync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Ops;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile sees what libtorch ran, by kind, with nested ops counted once. */
class OpProfileTest {
    @Test
    void aMatmulAndASoftmaxAreFoundInTheirKinds(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(256, 256));
            NDArray w = m.randomNormal(new Shape(128, 256));
            OpProfile.Result result = OpProfile.of(() -> {
                for (int i = 0; i < 5; i++) {
                    Ops.linear(a, w, null).softmax(-1).toFloatArray();
                }
            }, dir.resolve("trace.json"));
            List<OpProfile.Row> rows = result.rows();
            Map<String, OpProfile.Row> byKind = rows.stream().collect(Collectors.toMap(OpProfile.Row::kind, r -> r));
            assertTrue(byKind.containsKey("linear layers"), rows.toString());
            assertTrue(byKind.containsKey("softmax"), rows.toString());
            assertTrue(byKind.get("linear layers").calls() >= 5, rows.toString());
            // Shares are of the wall time; what libtorch's ops did not take is the last row.
            assertEquals(1.0, rows.stream().mapToDouble(OpProfile.Row::share).sum(), 1e-9);
            assertEquals(OpProfile.OUTSIDE, rows.get(rows.size() - 1).kind());
            assertEquals(result.wallMillis(), rows.stream().mapToDouble(OpProfile.Row::millis).sum(),
                    1e-6 * result.wallMillis());
            // 5 products of 2 x 256 x 256 x 128 operations over the linear layers' own time.
            OpProfile.Row linear = byKind.get("linear layers");
            assertEquals(5 * 2.0 * 256 * 256 * 128 / linear.millis() / 1e6, linear.gflops(), 1e-6 * linear.gflops());
            assertTrue(Double.isNaN(byKind.get("softmax").gflops()), "no rate for kinds without counted operations");
            assertTrue(result.referenceGflops() > 0);
            assertTrue(OpProfile.table(result).contains("GFLOP/s"));
        }
    }

    @Test
    void theUNetsPartsAreSummedByKindOverItsBlocks() {
        List<ModuleTimes.Row> modules = List.of(
                new ModuleTimes.Row("U-Net", 100, 2),
                new ModuleTimes.Row("U-Net/down_blocks.0", 60, 2),
                new ModuleTimes.Row("U-Net/down_blocks.0/resnets", 20, 2),
                new ModuleTimes.Row("U-Net/down_blocks.0/attentions", 30, 2),
                new ModuleTimes.Row("U-Net/mid_block", 40, 2),
                new ModuleTimes.Row("U-Net/mid_block/resnets", 15, 4),
                new ModuleTimes.Row("VAE decode", 50, 1));
        Map<String, double[]> parts = OpProfile.unetParts(modules);
        assertEquals(List.of("resnets", "attentions"), List.copyOf(parts.keySet()));
        assertEquals(35, parts.get("resnets")[0]);
        assertEquals(6, parts.get("resnets")[1]);
        String table = OpProfile.table(new OpProfile.Result(OpProfile.ofWall(List.of(), 200), modules, 200, 100, null));
        assertTrue(table.contains("VAE decode"), table);
        assertTrue(table.matches("(?s).*\\n\\s+down_blocks\\.0\\s+60\\s+30\\.0%.*"), table);
        assertTrue(table.matches("(?s).*U-Net by kind of part\\n\\s+resnets\\s+35\\s+17\\.5%\\s+6\\n.*"), table);
        assertTrue(table.contains(OpProfile.OUTSIDE), table);
    }

    /**
     * Work profiled in parts: every part's ops are counted (not only the last trace's), the modules are timed
     * over the whole work, and no trace is kept. The profiler's bookkeeping at the cuts is not wall time.
     */
    @Test
    void aProfileInPartsCountsEveryPart() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(64, 64));
            NDArray w = m.randomNormal(new Shape(32, 64));
            long[] inWork = new long[1];
            OpProfile.Result result = OpProfile.ofParts(cut -> {
                long start = System.nanoTime();
                for (int part = 0; part < 3; part++) {
                    ModuleTimes.time("part", () -> Ops.linear(a, w, null).softmax(-1).toFloatArray());
                    cut.run();
                }
                inWork[0] = System.nanoTime() - start;
            });
            Map<String, OpProfile.Row> byKind = result.rows().stream()
                    .collect(Collectors.toMap(OpProfile.Row::kind, r -> r));
            assertTrue(byKind.get("linear layers").calls() >= 3, result.rows().toString());
            assertTrue(byKind.get("softmax").calls() >= 3, result.rows().toString());
            assertEquals(3, result.modules().get(0).calls());
            assertEquals(1.0, result.rows().stream().mapToDouble(OpProfile.Row::share).sum(), 1e-9);
            // Counted in, three cuts (each a trace written and read) would make the wall time exceed the work's.
            assertTrue(result.wallMillis() < inWork[0] / 1e6, result.wallMillis() + " ms, the work " + inWork[0] / 1e6);
            assertNull(result.trace());
        }
    }

    @Test
    void nestedOpsCountTheirOwnTimeOnly() {
        // conv2d (0-100) calls convolution (10-90), which calls mkldnn_convolution (20-80); a later add (100-110).
        String trace = "[{\"name\":\"aten::conv2d\",\"ph\":\"X\",\"ts\":0,\"dur\":100,\"tid\":1},"
                + "{\"name\":\"aten::convolution\",\"ph\":\"X\",\"ts\":10,\"dur\":80,\"tid\":1},"
                + "{\"name\":\"aten::mkldnn_convolution\",\"ph\":\"X\",\"ts\":20,\"dur\":60,\"tid\":1},"
                + "{\"name\":\"aten::add\",\"ph\":\"X\",\"ts\":100,\"dur\":10,\"tid\":1}]";
        List<OpProfile.Row> rows = OpProfile.summarize(com.google.gson.JsonParser.parseString(trace));
        assertEquals(List.of(new OpProfile.Row("convolution", 0.1, 10.0 / 11, 3, Double.NaN),
                new OpProfile.Row("elementwise", 0.01, 1.0 / 11, 1, Double.NaN)), rows);
    }
}
