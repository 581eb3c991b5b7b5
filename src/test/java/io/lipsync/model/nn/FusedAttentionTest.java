package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inference attention runs libtorch's fused kernel, and gives what the score matrix gives at the official
 * shapes; training keeps the score matrix its backward pass needs. The kernel that ran is read from
 * libtorch's profiler, so the verdict does not depend on which CPU computes it.
 */
class FusedAttentionTest {
    private static final String FUSED_KERNEL = "_scaled_dot_product_flash_attention_for_cpu";

    @TempDir
    Path dir;

    /** The U-Net's spatial (1024 tokens of a 32x32 latent), audio, temporal and the VAE's single-head attention. */
    @ParameterizedTest(name = "n={0} heads={1} Lq={2} Lk={3} width={4}")
    @CsvSource({"2, 8, 1024, 1024, 320", "2, 8, 256, 50, 640", "64, 8, 16, 16, 320", "1, 1, 1024, 1024, 512"})
    void fusedMatchesTheScoreMatrixAtOfficialShapes(int n, int heads, int lq, int lk, int width) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray q = m.randomNormal(new Shape(n, lq, width));
            NDArray k = m.randomNormal(new Shape(n, lk, width));
            NDArray v = m.randomNormal(new Shape(n, lk, width));
            float scale = (float) (1 / Math.sqrt((double) width / heads));
            NDArray fused = Ops.attention(q, k, v, heads, scale);
            NDArray plain = Ops.materialisedAttention(q, k, v, heads, scale, Ops.SCORE_BUDGET);
            assertEquals(plain.getShape(), fused.getShape());
            double diff = fused.sub(plain).abs().max().getFloat();
            assertTrue(diff <= 2e-6, "fused differs from the score matrix by " + diff);
            fused.addi(1f); // a plain tensor, not one of inference mode's, which refuse in-place updates
        }
    }

    @Test
    void inferenceRunsTheFusedKernelAndTrainingTheScoreMatrix() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(2, 64, 32));
            NDArray k = m.randomNormal(new Shape(2, 64, 32));
            NDArray v = m.randomNormal(new Shape(2, 64, 32));
            String inference = kernels(() -> Ops.attention(q, k, v, 4, 0.35f));
            assertTrue(inference.contains(FUSED_KERNEL), "the fused kernel ran outside autograd");
            assertFalse(inference.contains("aten::_softmax"), "no score matrix was normalised outside autograd");

            q.setRequiresGradient(true);
            String training;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                training = kernels(() -> Ops.attention(q, k, v, 4, 0.35f));
            }
            assertTrue(training.contains("aten::_softmax"), "training writes the score matrix its backward needs");
            assertFalse(training.contains(FUSED_KERNEL), "training does not run the fused kernel");
        }
    }

    /** The names of the ops libtorch ran for {@code work}, as its profiler's trace has them. */
    private String kernels(Supplier<NDArray> work) throws Exception {
        Path trace = Files.createTempFile(dir, "trace", ".json");
        JniUtils.startProfile(false, false, false);
        try {
            work.get().toFloatArray();
        } finally {
            JniUtils.stopProfile(trace.toString());
        }
        return Files.readString(trace);
    }
}
