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
        assertEveryCasePasses(SharedFixtures.parityTrain(), 25);
    }

    @Test
    void everyDataCasePasses() throws Exception {
        assertEveryCasePasses(SharedFixtures.parityData(), 10);
    }

    private static void assertEveryCasePasses(java.nio.file.Path fixtures, int cases) throws Exception {
        List<CaseResult> results = new ParityRunner(fixtures).runAll(r -> System.out.println(r.line()));
        List<String> failures = new ArrayList<>();
        for (CaseResult r : results) {
            assertFalse(r.comparisons().isEmpty(), r.name() + " compared nothing");
            if (!r.passed()) {
                failures.add(r.line());
            }
        }
        assertTrue(results.size() >= cases, "the shared set has " + cases + " cases, ran " + results.size());
        assertEquals(List.of(), failures);
    }
}
