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
 * Inference runs the scripted kernels (fused attention, oneDNN's linear with and without GELU) and gives
 * what the plain ops give at the official shapes; training keeps the plain ops its backward pass needs. The
 * kernel that ran is read from libtorch's profiler, so the verdict does not depend on which CPU computes it.
 */
class ScriptedOpsTest {
    private static final String FUSED_KERNEL = "_scaled_dot_product_flash_attention_for_cpu";
    private static final String ONEDNN_LINEAR = "mkldnn::_linear_pointwise";

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

            q.setRequiresGradient(false);
            String recomputed = kernels(() -> Ops.plain(() -> Ops.attention(q, k, v, 4, 0.35f)));
            assertTrue(recomputed.contains("aten::_softmax") && !recomputed.contains(FUSED_KERNEL),
                    "a training piece's first pass (no gradient recorded) runs the plain ops its recompute runs");
        }
    }

    /** Token counts and widths of the U-Net's projections and feed-forward (a 3-D input, as the blocks pass). */
    @ParameterizedTest(name = "(2, {0}, {1}) -> {2}")
    @CsvSource({"1024, 320, 2560", "256, 1280, 320", "64, 1280, 1280", "50, 384, 640"})
    void oneDnnLinearMatchesTorchLinear(int tokens, int in, int out) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(2, tokens, in));
            NDArray w = m.randomNormal(new Shape(out, in)).div((float) Math.sqrt(in));
            NDArray b = m.randomNormal(new Shape(out));
            NDArray plain = x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
            assertClose(plain, Ops.linear(x, w, b), 2e-5);
            assertClose(x.getNDArrayInternal().linear(x, w, null).singletonOrThrow(), Ops.linear(x, w, null), 2e-5);
            assertClose(Ops.gelu(plain), Ops.linearGelu(x, w, b), 2e-5);
        }
    }

    /** The GEGLU feed-forward's two fused products over the weight's halves give its one product and split. */
    @Test
    void feedForwardInInferenceMatchesItsTrainingPath() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Params p = Params.root();
            FeedForward ff = new FeedForward(p, 320);
            RandomWeights.fill(p, m, 7);
            NDArray x = m.randomNormal(new Shape(2, 256, 320));
            String[] ran = new String[1];
            NDArray[] inference = new NDArray[1];
            ran[0] = kernels(() -> inference[0] = ff.forward(x));
            assertTrue(ran[0].contains(ONEDNN_LINEAR), "inference runs oneDNN's linear");
            assertFalse(ran[0].contains("aten::gelu"), "the gate's GELU is fused into its product");
            NDArray training;
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                ran[0] = kernels(() -> ff.forward(x));
                training = ff.forward(x).duplicate();
            }
            assertFalse(ran[0].contains(ONEDNN_LINEAR), "training runs torch's own linear");
            assertClose(training, inference[0], 2e-5);
        }
    }

    private static void assertClose(NDArray want, NDArray got, double tolerance) {
        assertEquals(want.getShape(), got.getShape());
        double diff = got.sub(want).abs().max().getFloat();
        double scale = want.abs().max().getFloat();
        assertTrue(diff <= tolerance * Math.max(1, scale), "differs by " + diff + " (largest value " + scale + ")");
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
