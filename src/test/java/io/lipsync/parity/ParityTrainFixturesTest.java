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
 * The training fixtures: every case passes. The data fixtures: every case of a kind that is built passes; the
 * rest report as not implemented (and count as failed), never as passed.
 */
class ParityTrainFixturesTest {
    @Test
    void everyTrainingCasePasses() throws Exception {
        List<CaseResult> results = new ParityRunner(SharedFixtures.parityTrain()).runAll(r -> System.out.println(r.line()));
        List<String> failures = new ArrayList<>();
        for (CaseResult r : results) {
            assertFalse(r.comparisons().isEmpty(), r.name() + " compared nothing");
            if (!r.passed()) {
                failures.add(r.line());
            }
        }
        assertTrue(results.size() >= 25, "the shared set has 25 cases, ran " + results.size());
        assertEquals(List.of(), failures);
    }

    @Test
    void dataFixturesImplementedPassAndTheRestSayNotImplemented() throws Exception {
        Set<String> implemented = Set.of("wav2lip_mel", "audio_window", "sampler", "mfcc", "sync_offset",
                "frechet", "sync_filter", "shot_detect", "offset_correction");
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
        assertTrue(ran >= 9, "the mel, its windows, the sampler, MFCC, the offset search, FVD, the sync filter, "
                + "shot detection and the offset correction ran");
    }
}
