package io.lipsync.model.inception;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.RandomWeights;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FID's Inception at its released size: torchvision's layout less the auxiliary head, 1008 classes. */
class FidInceptionTest {
    @Test
    void declaresTorchvisionsInceptionLessItsAuxiliaryHead() {
        Map<String, long[]> keys = new FidInception().params().expectedKeys();
        long learnt = keys.entrySet().stream().filter(e -> !e.getKey().endsWith("running_mean")
                && !e.getKey().endsWith("running_var")).mapToLong(e -> Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b))
                .sum();
        // torchvision's inception_v3 has 27,161,264 parameters with its auxiliary head (conv0 768x128 and its BN,
        // conv1 128x768x5x5 and its BN, fc 768x1000: 3,326,696) and a 1000-class fc; the FID graph has no
        // auxiliary head and 1008 classes (8 more rows of 2048 weights and a bias each).
        assertEquals(27_161_264L - 3_326_696L + 8 * 2048 + 8, learnt);
        assertArrayEquals(new long[] {32, 3, 3, 3}, keys.get("Conv2d_1a_3x3.conv.weight"));
        assertArrayEquals(new long[] {384, 384, 3, 1}, keys.get("Mixed_7c.branch3x3dbl_3b.conv.weight"));
        assertArrayEquals(new long[] {192, 2048, 1, 1}, keys.get("Mixed_7c.branch_pool.conv.weight"));
        assertArrayEquals(new long[] {1008, 2048}, keys.get("fc.weight"));
    }

    @Test
    void givesNonNegative2048FeaturesForAnyFrameSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            FidInception net = new FidInception();
            RandomWeights.fill(net.params(), m, 2);
            NDArray f = net.features(m.randomUniform(0, 1, new Shape(2, 3, 120, 160)));
            assertArrayEquals(new long[] {2, FidInception.FEATURES}, f.getShape().getShape());
            float min = f.min().getFloat();
            assertTrue(min >= 0 && Float.isFinite(f.sum().getFloat()), "features after ReLU and average pooling");
        }
    }
}
