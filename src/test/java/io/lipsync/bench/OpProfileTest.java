package io.lipsync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
            assertEquals(1.0, rows.stream().mapToDouble(OpProfile.Row::share).sum(), 1e-9);
            // 5 products of 2 x 256 x 256 x 128 operations over the linear layers' own time.
            OpProfile.Row linear = byKind.get("linear layers");
            assertEquals(5 * 2.0 * 256 * 256 * 128 / linear.millis() / 1e6, linear.gflops(), 1e-6 * linear.gflops());
            assertTrue(Double.isNaN(byKind.get("softmax").gflops()), "no rate for kinds without counted operations");
            assertTrue(result.referenceGflops() > 0);
            assertTrue(OpProfile.table(result).contains("GFLOP/s"));
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
