package io.lipsync.model.hyperiqa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** HyperIQA at its released size: the ResNet-50 inside it, and a target network per image. */
class HyperIqaTest {
    private static long count(HyperIqa net, java.util.function.Predicate<Param> which) {
        return net.params().weights().values().stream().filter(which)
                .mapToLong(p -> Arrays.stream(p.shape()).reduce(1, (a, b) -> a * b)).sum();
    }

    @Test
    void itsBackboneIsResNet50WithoutTheClassifier() {
        HyperIqa net = new HyperIqa(HyperIqaConfig.koniq());
        // torchvision's resnet50 has 25,557,032 parameters, 2,049,000 of them in its 1000-class fc.
        assertEquals(25_557_032 - 2_049_000, count(net, p -> !p.isBuffer() && p.name().startsWith("res.")
                && !p.name().startsWith("res.lda")));
        assertTrue(net.params().weights().containsKey("res.layer4.2.bn3.running_var"));
        assertTrue(net.params().weights().containsKey("res.layer2.0.downsample.1.weight"));
        assertTrue(net.params().weights().containsKey("fc1w_conv.weight"));
        assertArrayEquals(new long[] {512, 112, 3, 3}, net.params().weights().get("fc1w_conv.weight").shape());
        assertArrayEquals(new long[] {176, 2048}, net.params().weights().get("res.lda4_fc.weight").shape());
    }

    @Test
    void scoresEachImageWithItsOwnTargetNetwork() {
        try (NDManager m = NDManager.newBaseManager()) {
            HyperIqa net = new HyperIqa(HyperIqaConfig.koniq());
            RandomWeights.fill(net.params(), m, 9);
            NDArray a = m.randomNormal(new Shape(1, 3, 224, 224));
            NDArray b = m.randomNormal(new Shape(1, 3, 224, 224));
            float alone = net.forward(a).getFloat(0);
            NDArray both = net.forward(a.concat(b, 0));
            assertArrayEquals(new long[] {2}, both.getShape().getShape());
            assertEquals(alone, both.getFloat(0), 1e-3 * Math.max(1, Math.abs(alone)));
            assertEquals(net.forward(b).getFloat(0), both.getFloat(1), 1e-3 * Math.max(1, Math.abs(both.getFloat(1))));
            assertTrue(Float.isFinite(alone));
        }
    }
}
