package io.lipsync.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

class MelFilterBankTest {
    @Test
    void matchesTheTableWhisperShips() throws Exception {
        TensorData shipped = SafetensorsReader.read(SharedFixtures.parity().resolve("assets/mel_filters_80.safetensors"))
                .get("mel_80");
        float[] expected = shipped.toFloats();
        float[][] ours = MelFilterBank.create(16000, 400, 80);
        assertEquals(80 * 201, expected.length);
        double worst = 0;
        for (int m = 0; m < 80; m++) {
            for (int k = 0; k < 201; k++) {
                float e = expected[m * 201 + k];
                worst = Math.max(worst, Math.abs(ours[m][k] - e) / Math.max(Math.abs(e), 1e-6));
            }
        }
        assertTrue(worst < 1e-5, "max relative difference " + worst);
    }

    @Test
    void slaneyScaleIsLinearBelow1kHzAndLogarithmicAbove() {
        assertEquals(15.0, MelFilterBank.hzToMel(1000), 1e-12);
        assertEquals(3.0, MelFilterBank.hzToMel(200), 1e-12);
        assertEquals(4000.0, MelFilterBank.melToHz(MelFilterBank.hzToMel(4000)), 1e-9);
    }
}
