package io.lipsync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
            List<OpProfile.Row> rows = OpProfile.of(() -> {
                for (int i = 0; i < 5; i++) {
                    a.matMul(a).softmax(-1).toFloatArray();
                }
            }, dir.resolve("trace.json"));
            Map<String, OpProfile.Row> byKind = rows.stream().collect(Collectors.toMap(OpProfile.Row::kind, r -> r));
            assertTrue(byKind.containsKey("attention / matmul"), rows.toString());
            assertTrue(byKind.containsKey("softmax"), rows.toString());
            assertTrue(byKind.get("attention / matmul").calls() >= 5, rows.toString());
            assertEquals(1.0, rows.stream().mapToDouble(OpProfile.Row::share).sum(), 1e-9);
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
        assertEquals(List.of(new OpProfile.Row("convolution", 0.1, 10.0 / 11, 3),
                new OpProfile.Row("elementwise", 0.01, 1.0 / 11, 1)), rows);
    }
}
