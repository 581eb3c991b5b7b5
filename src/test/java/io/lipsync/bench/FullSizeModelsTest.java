package io.lipsync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.latentsync.Preset;
import org.junit.jupiter.api.Test;

/** The benchmarks measure each preset on the U-Net it runs: final on 1.6's 512 px config, the others on 1.5's. */
class FullSizeModelsTest {
    @Test
    void aPresetIsMeasuredOnTheModelItNames() {
        assertEquals("stage2_512", FullSizeModels.config(Preset.FINAL));
        assertEquals("stage2", FullSizeModels.config(Preset.STANDARD));
        assertEquals("stage2", FullSizeModels.config(Preset.DRAFT));
    }

    @Test
    void aBenchmarkWithoutAPresetRunsThe256PixelModel() {
        assertEquals("stage2", FullSizeModels.config());
    }
}
