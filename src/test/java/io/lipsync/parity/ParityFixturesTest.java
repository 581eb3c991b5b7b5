package io.lipsync.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.GcStorm;
import io.lipsync.testing.SharedFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every case of the shared parity folder: the engine computes what upstream's Python computed. */
class ParityFixturesTest {
    private static final Set<String> KINDS = Set.of("log_mel", "whisper_features", "whisper_features_long",
            "whisper_encoder", "audio_windows", "unet_forward", "vae", "ddim", "chunk_denoise", "align", "face_warp",
            "face_restore", "mask_resize", "loop_video", "dpm_solver");

    @Test
    void everyCasePasses() throws Exception {
        ParityRunner runner = new ParityRunner(SharedFixtures.parity());
        List<CaseResult> results = runner.runAll(r -> System.out.println(r.line()));
        List<String> failures = new ArrayList<>();
        Set<String> kindsSeen = new java.util.HashSet<>();
        for (CaseResult r : results) {
            kindsSeen.add(r.kind());
            assertFalse(r.comparisons().isEmpty() && r.passed(), r.name() + " passed without comparing anything");
            if (!r.passed()) {
                failures.add(r.line());
            }
        }
        assertEquals(KINDS, kindsSeen, "every kind of the shared set is exercised");
        assertEquals(List.of(), failures);
    }

    /** Inference reads no memory the garbage collector may free either (see model.nn.Constants). */
    @Test
    void everyCasePassesWhileTheCollectorRunsNonstop() throws Exception {
        List<String> failures = new ArrayList<>();
        try (GcStorm storm = new GcStorm()) {
            for (CaseResult r : new ParityRunner(SharedFixtures.parity()).runAll(r -> {})) {
                if (!r.passed()) {
                    failures.add(r.line());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void aWrongGoldenFails() {
        Tensor golden = Tensor.of(new float[] {1f, 2f, 3f}, 3);
        Tensor off = Tensor.of(new float[] {1f, 2f, 3.01f}, 3);
        assertFalse(Comparison.of("x", off, golden, 1e-4, 1e-4).pass());
        assertTrue(Comparison.of("x", golden, golden, 0, 0).pass());
        assertFalse(Comparison.of("x", Tensor.of(new float[] {1f, 2f}, 2), golden, 1, 1).pass());
    }
}
