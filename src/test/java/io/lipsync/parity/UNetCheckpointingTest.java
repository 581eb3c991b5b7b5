package io.lipsync.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonParser;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.training.UNetStep;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient checkpointing changes memory, not the step: on the shared fixtures' U-Net steps (stage 1 trains every
 * U-Net weight; stage 2 back-propagates through the VAE decoder, LPIPS, TREPA and the SyncNet judge), the
 * checkpointed step's loss and every trainable parameter's gradient equal the plain step's.
 */
class UNetCheckpointingTest {
    @ParameterizedTest
    @ValueSource(strings = {"unet_stage1_step", "unet_stage2_step"})
    void theCheckpointedStepEqualsThePlainOne(String name) throws Exception {
        Fixtures f = new Fixtures(SharedFixtures.parityTrain());
        ParityCase c = new ParityRunner(SharedFixtures.parityTrain()).cases().stream()
                .filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        List<String> trainable = List.of(new Gson().fromJson(JsonParser.parseString(
                Files.readString(f.path(c.paramsFile()))).getAsJsonObject().get("trainable"), String[].class));
        try (NDManager m = NDManager.newBaseManager()) {
            UNetStep.Result plain = UNetTrainingCases.run(c, f, m, false, trainable);
            UNetStep.Result recomputed = UNetTrainingCases.run(c, f, m, true, trainable);
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

    private static double maxAbs(float[] v) {
        double max = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
        }
        return max;
    }
}
