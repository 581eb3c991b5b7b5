package io.lipsync.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The training (and data) fixtures: every case of a kind the substrate implements passes; the rest report as not
 * implemented (and count as failed), never as passed.
 */
class ParityTrainFixturesTest {
    private static final Set<String> IMPLEMENTED = Set.of("adamw", "clip_grad_norm", "grad_scaler", "groupnorm",
            "sdpa", "geglu", "resize_bicubic", "resize_nearest", "resize_trilinear", "checkpoint", "trainable_count", "syncnet_step");

    @Test
    void substrateCasesPassAndTheRestSayNotImplemented() throws Exception {
        List<CaseResult> results = new ParityRunner(SharedFixtures.parityTrain()).runAll(r -> System.out.println(r.line()));
        List<String> failures = new ArrayList<>();
        int implemented = 0;
        for (CaseResult r : results) {
            if (IMPLEMENTED.contains(r.kind())) {
                implemented++;
                assertFalse(r.comparisons().isEmpty(), r.name() + " compared nothing");
                if (!r.passed()) {
                    failures.add(r.line());
                }
            } else {
                assertEquals(CaseResult.Status.NOT_IMPLEMENTED, r.status(), r.line());
                assertFalse(r.passed(), r.name());
            }
        }
        assertTrue(implemented >= 19, "the shared set has 19 such cases, ran " + implemented);
        assertEquals(List.of(), failures);
    }

    @Test
    void dataFixturesImplementedPassAndTheRestSayNotImplemented() throws Exception {
        Set<String> implemented = Set.of("wav2lip_mel", "audio_window", "sampler", "mfcc", "sync_offset",
                "frechet", "sync_filter");
        List<CaseResult> results = new ParityRunner(SharedFixtures.parityData()).runAll(r -> System.out.println(r.line()));
        int ran = 0;
        for (CaseResult r : results) {
            if (implemented.contains(r.kind())) {
                ran++;
                assertTrue(r.passed(), r.line());
            } else {
                assertEquals(CaseResult.Status.NOT_IMPLEMENTED, r.status(), r.line());
            }
        }
        assertTrue(ran >= 7, "the mel, its windows, the sampler, MFCC, the offset search, FVD and the sync filter ran");
    }
}
