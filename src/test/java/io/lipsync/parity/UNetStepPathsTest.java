package io.lipsync.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonParser;
import io.lipsync.testing.GcStorm;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.StepAssertions;
import io.lipsync.training.Precision;
import io.lipsync.training.UNetStep;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The step's other paths against the plain float32 one the fixtures check, on the shared fixtures' U-Net steps
 * (stage 1 trains every U-Net weight; stage 2 back-propagates through the VAE decoder, LPIPS, TREPA and the
 * SyncNet judge): gradient checkpointing changes memory, not the step; fp16 autocast approximates it.
 */
class UNetStepPathsTest {
    @ParameterizedTest
    @ValueSource(strings = {"unet_stage1_step", "unet_stage2_step"})
    void theCheckpointedStepEqualsThePlainOne(String name) throws Exception {
        Fixtures f = new Fixtures(SharedFixtures.parityTrain());
        ParityCase c = stepCase(name);
        List<String> trainable = trainable(f, c);
        try (NDManager m = NDManager.newBaseManager()) {
            UNetStep.Result plain = UNetTrainingCases.run(c, f, m, false, Precision.FP32, trainable);
            UNetStep.Result recomputed = UNetTrainingCases.run(c, f, m, true, Precision.FP32, trainable);
            assertEquals(plain.loss().getFloat(), recomputed.loss().getFloat(), 1e-6f);
            assertEquals(trainable.size(), recomputed.update().keptGradients().size());
            double global = 0;
            for (String p : trainable) {
                global = Math.max(global, maxAbs(plain.update().keptGradients().get(p).toFloatArray()));
            }
            assertTrue(global > 0, "the plain step computed no gradient");
            for (String p : trainable) {
                float[] g1 = plain.update().keptGradients().get(p).toFloatArray();
                float[] g2 = recomputed.update().keptGradients().get(p).toFloatArray();
                // Relative to the tensor's own scale, with a floor for tensors whose gradient is rounding noise
                // (a convolution's bias before a GroupNorm has a gradient of 0 in exact arithmetic).
                double tolerance = 1e-4 * maxAbs(g1) + 1e-7 * global;
                for (int i = 0; i < g1.length; i++) {
                    assertEquals(g1[i], g2[i], tolerance, p + " element " + i);
                }
            }
        }
    }

    /**
     * The stage-2 step reads no memory the garbage collector may free (see model.nn.Constants): run while the
     * collector runs nonstop and freed buffers fill with NaN, plain and checkpointed, it equals the calm step bit
     * for bit.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theStepDoesNotDependOnTheGarbageCollector(boolean checkpointing) throws Exception {
        Fixtures f = new Fixtures(SharedFixtures.parityTrain());
        ParityCase c = stepCase("unet_stage2_step");
        List<String> trainable = trainable(f, c);
        try (NDManager m = NDManager.newBaseManager()) {
            UNetStep.Result calm = UNetTrainingCases.run(c, f, m, checkpointing, Precision.FP32, trainable);
            UNetStep.Result stormy;
            try (GcStorm storm = new GcStorm()) {
                stormy = UNetTrainingCases.run(c, f, m, checkpointing, Precision.FP32, trainable);
            }
            StepAssertions.assertSameStep(calm.loss(), calm.update(), stormy.loss(), stormy.update(), trainable);
        }
    }

    /** fp16 with loss scaling, checkpointed: the loss to 2 %, each gradient pointing the same way (cosine > 0.99). */
    @Test
    void fp16AutocastApproximatesTheFloat32Step() throws Exception {
        Fixtures f = new Fixtures(SharedFixtures.parityTrain());
        ParityCase c = stepCase("unet_stage2_efficient_step");
        List<String> trainable = trainable(f, c);
        try (NDManager m = NDManager.newBaseManager()) {
            UNetStep.Result exact = UNetTrainingCases.run(c, f, m, false, Precision.FP32, trainable);
            UNetStep.Result mixed = UNetTrainingCases.run(c, f, m, true, Precision.FP16, trainable);
            int compared = StepAssertions.assertApproximates(exact.loss(), exact.update(), mixed.loss(), mixed.update(),
                    trainable, 1e-4);
            assertTrue(compared > trainable.size() / 2, "only " + compared + " gradients large enough to compare");
        }
    }

    private static ParityCase stepCase(String name) throws Exception {
        return new ParityRunner(SharedFixtures.parityTrain()).cases().stream().filter(k -> k.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static List<String> trainable(Fixtures f, ParityCase c) throws Exception {
        return List.of(new Gson().fromJson(JsonParser.parseString(Files.readString(f.path(c.paramsFile())))
                .getAsJsonObject().get("trainable"), String[].class));
    }

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
