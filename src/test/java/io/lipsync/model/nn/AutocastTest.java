package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Autocast's policy on the layers: products low, norms float32, master weights and their gradients float32. */
class AutocastTest {
    @Test
    void productsRunLowNormsRunFull() {
        try (NDManager m = NDManager.newBaseManager()) {
            Params p = Params.root();
            Linear linear = new Linear(p.child("fc"), 8, 4, true);
            Conv2d conv = new Conv2d(p.child("conv"), 4, 32, 3, 1, 1);
            GroupNorm norm = new GroupNorm(p.child("norm"), 8, 32, 1e-5f);
            RandomWeights.fill(p, m, 1);
            NDArray x = m.randomNormal(new Shape(2, 8));
            NDArray image = m.randomNormal(new Shape(1, 4, 6, 6));
            NDArray exact = linear.forward(x);
            NDArray[] low = Autocast.run(DataType.FLOAT16, () -> new NDArray[] {linear.forward(x),
                    norm.forward(conv.forward(image)), Ops.attention(x.reshape(1, 2, 8), x.reshape(1, 2, 8),
                    x.reshape(1, 2, 8), 2, 0.5f)});
            assertEquals(DataType.FLOAT16, low[0].getDataType());
            assertEquals(DataType.FLOAT32, low[1].getDataType(), "GroupNorm computes in float32");
            assertEquals(DataType.FLOAT16, low[2].getDataType());
            // float16 keeps 11 significant bits: products agree to about a part in a thousand of their scale.
            assertArrayEquals(exact.toFloatArray(), low[0].toType(DataType.FLOAT32, false).toFloatArray(),
                    0.005f * exact.abs().max().getFloat());
            assertEquals(DataType.FLOAT32, linear.forward(x).getDataType(), "outside run() nothing is cast");
        }
    }

    @Test
    void gradientsReachTheFloat32Weights() {
        try (NDManager m = NDManager.newBaseManager()) {
            Params p = Params.root();
            Linear linear = new Linear(p.child("fc"), 8, 4, true);
            RandomWeights.fill(p, m, 2);
            NDArray w = p.weights().get("fc.weight").value();
            w.setRequiresGradient(true);
            NDArray x = m.randomNormal(new Shape(2, 8));
            Autocast.run(DataType.FLOAT16, () -> {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(Autocast.full(linear.forward(x)).sum());
                }
                return null;
            });
            assertEquals(DataType.FLOAT32, w.getGradient().getDataType());
            // d sum(x W^T + b) / dW = column sums of x, for every output row.
            float[] colSums = x.sum(new int[] {0}).toFloatArray();
            float[] g = w.getGradient().toFloatArray();
            for (int i = 0; i < g.length; i++) {
                assertEquals(colSums[i % 8], g[i], 0.01f * Math.max(1, Math.abs(colSums[i % 8])));
            }
        }
    }

    @Test
    void onlyFloat16IsAnAutocastType() {
        assertThrows(IllegalArgumentException.class, () -> Autocast.run(DataType.FLOAT64, () -> null));
    }
}
