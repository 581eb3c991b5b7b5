package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.lipsync.training.ParamUpdate;
import java.util.Collection;

/** Comparisons of two training steps on the same batch, by their loss and the raw gradients they kept. */
public final class StepAssertions {
    private StepAssertions() {}

    /** The same step bit for bit: loss and every named gradient. */
    public static void assertSameStep(NDArray loss1, ParamUpdate.Applied a, NDArray loss2, ParamUpdate.Applied b,
            Collection<String> names) {
        assertEquals(loss1.getFloat(), loss2.getFloat());
        for (String name : names) {
            assertArrayEquals(a.keptGradients().get(name).toFloatArray(), b.keptGradients().get(name).toFloatArray(),
                    name);
        }
    }

    /**
     * The same step up to float32 summation order: loss to 1e-6, the total norm and every named gradient's
     * elements to 1e-4 of their scale (the largest element).
     */
    public static void assertSameStepUpToOrder(NDArray loss1, ParamUpdate.Applied a, NDArray loss2,
            ParamUpdate.Applied b, Collection<String> names) {
        assertEquals(loss1.getFloat(), loss2.getFloat(), 1e-6f);
        assertEquals(a.gradTotalNorm(), b.gradTotalNorm(), 1e-4 * a.gradTotalNorm());
        for (String name : names) {
            float[] g1 = a.keptGradients().get(name).toFloatArray();
            float[] g2 = b.keptGradients().get(name).toFloatArray();
            double scale = 1e-12;
            for (float v : g1) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < g1.length; i++) {
                assertEquals(g1[i], g2[i], 1e-4 * scale, name + " element " + i);
            }
        }
    }

    /**
     * A lower-precision step approximates the exact one: it was taken, its loss within 2 %, and every named
     * gradient larger than {@code minNorm} float32 and pointing the same way (cosine above 0.99). Returns how
     * many gradients were large enough to compare.
     */
    public static int assertApproximates(NDArray exactLoss, ParamUpdate.Applied exact, NDArray loss,
            ParamUpdate.Applied approx, Collection<String> names, double minNorm) {
        assertTrue(approx.stepped(), "the loss scaler skipped the step");
        assertEquals(exactLoss.getFloat(), loss.getFloat(), 0.02 * exactLoss.getFloat());
        int compared = 0;
        for (String name : names) {
            NDArray g1 = exact.keptGradients().get(name);
            NDArray g2 = approx.keptGradients().get(name);
            assertEquals(DataType.FLOAT32, g2.getDataType(), name + ": master gradients stay float32");
            float n1 = g1.norm().getFloat();
            if (n1 > minNorm) {
                double cosine = g1.mul(g2).sum().getFloat() / Math.max(1e-30, n1 * g2.norm().getFloat());
                assertTrue(cosine > 0.99, name + ": gradient cosine " + cosine);
                compared++;
            }
        }
        return compared;
    }
}
