package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BatchNorm in evaluation mode is (x - running_mean) / sqrt(running_var + 1e-5) * weight + bias per channel. */
class BatchNormTest {
    @Test
    void normalisesEachChannelWithItsRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Params p = Params.root();
            BatchNorm norm = new BatchNorm(p.child("bn"), 2);
            WeightLoader.load(p, StateDict.of(Map.of("bn.weight", floats(2, -1), "bn.bias", floats(0.5f, 1),
                    "bn.running_mean", floats(1, -2), "bn.running_var", floats(4, 0.25f))), m, "test");
            NDArray x = m.create(new float[] {3, 5, 0, -2}, new Shape(1, 2, 2));
            float[] y = norm.forward(x.reshape(1, 2, 2, 1)).toFloatArray();
            double s0 = 1 / Math.sqrt(4 + 1e-5);
            double s1 = 1 / Math.sqrt(0.25 + 1e-5);
            assertEquals((3 - 1) * s0 * 2 + 0.5, y[0], 1e-5);
            assertEquals((5 - 1) * s0 * 2 + 0.5, y[1], 1e-5);
            assertEquals((0 + 2) * s1 * -1 + 1, y[2], 1e-5);
            assertEquals((-2 + 2) * s1 * -1 + 1, y[3], 1e-5);
        }
    }

    private static TensorData floats(float... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return new TensorData(io.lipsync.checkpoint.DType.F32, new long[] {v.length}, b);
    }
}
