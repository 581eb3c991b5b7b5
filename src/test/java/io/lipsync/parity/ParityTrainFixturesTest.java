package io.lipsync.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training and the data fixtures: every case passes. */
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
    void everyDataCasePasses() throws Exception {
        List<CaseResult> results = new ParityRunner(SharedFixtures.parityData()).runAll(r -> System.out.println(r.line()));
        List<String> failures = new ArrayList<>();
        for (CaseResult r : results) {
            assertFalse(r.comparisons().isEmpty(), r.name() + " compared nothing");
            if (!r.passed()) {
                failures.add(r.line());
            }
        }
        assertTrue(results.size() >= 10, "the shared set has 10 cases, ran " + results.size());
        assertEquals(List.of(), failures);
    }
}
