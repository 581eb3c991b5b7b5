package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The tape's rules on a graph small enough to differentiate by hand. */
class RecomputeTapeTest {
    @Test
    void sharedInputsCollectTheGradientOfEveryReader() {
        try (NDManager m = NDManager.newBaseManager(); RecomputeTape tape = new RecomputeTape()) {
            NDArray w = m.create(new float[] {2, 3});
            w.setRequiresGradient(true);
            NDArray x = tape.constant(m.create(new float[] {5, 7}));
            // a = w * x, read by both b = a^2 and c = a * x; loss = sum(b + c), seeded with 2 (a loss scale).
            NDArray a = tape.run(in -> in[0].mul(w), x);
            NDArray b = tape.run(in -> in[0].square(), a);
            NDArray c = tape.run(in -> in[0].mul(in[1]), a, x);
            NDArray loss = tape.run(in -> in[0].add(in[1]).sum(), b, c);
            tape.backward(loss, m.create(2f));
            // dL/da = 2a + x (b's and c's share), so dL/dw = (2a + x) x; times the seed 2.
            assertArrayEquals(new float[] {2 * (2 * 2 * 25 + 25), 2 * (2 * 3 * 49 + 49)}, w.getGradient().toFloatArray(),
                    1e-4f);
        }
    }

    @Test
    void aValueComputedOutsideTheTapeIsRefused() {
        try (NDManager m = NDManager.newBaseManager(); RecomputeTape tape = new RecomputeTape()) {
            NDArray x = tape.constant(m.create(new float[] {1, 2}));
            NDArray outside = x.mul(2);
            assertThrows(IllegalStateException.class, () -> tape.run(in -> in[0].add(1), outside));
        }
    }

    @Test
    void theForwardPassRunsOutsideACollector() {
        try (NDManager m = NDManager.newBaseManager(); RecomputeTape tape = new RecomputeTape()) {
            NDArray x = tape.constant(m.create(new float[] {1, 2}));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                assertThrows(IllegalStateException.class, () -> tape.run(in -> in[0].add(1), x));
            }
        }
    }
}
