package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Attention splits its batch once the score matrix passes a budget; at full size that path always runs
 * (256 px: 4 samples at a time; 512 px: one), so it is forced here on small data and compared with the
 * unsplit result.
 */
class AttentionSplitTest {

    @ParameterizedTest(name = "n={0} heads={1} Lq={2} Lk={3}")
    @CsvSource({"7, 8, 64, 64", "5, 8, 16, 50", "3, 1, 9, 9"})
    void splitMatchesUnsplit(int n, int heads, int lq, int lk) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            long dim = heads * 8L;
            NDArray q = m.randomNormal(new Shape(n, lq, dim));
            NDArray k = m.randomNormal(new Shape(n, lk, dim));
            NDArray v = m.randomNormal(new Shape(n, lk, dim));
            long perSample = (long) heads * lq * lk;
            NDArray whole = Ops.materialisedAttention(q, k, v, heads, 0.35f, Long.MAX_VALUE);
            for (long budget : new long[] {1, perSample * 2, perSample * 3 - 1}) {
                NDArray split = Ops.materialisedAttention(q, k, v, heads, 0.35f, budget);
                assertEquals(whole.getShape(), split.getShape());
                double diff = split.sub(whole).abs().max().getFloat();
                assertTrue(diff <= 1e-6, "budget " + budget + ": split differs from unsplit by " + diff);
            }
        }
    }

    @ParameterizedTest(name = "{0} px latents: {1} samples per block")
    @CsvSource({"32, 4", "64, 1"})
    void officialChunksTakeTheSplitPath(int latentSide, long expectedStep) {
        long tokens = (long) latentSide * latentSide;
        long perSample = 8 * tokens * tokens;
        assertEquals(expectedStep, Ops.samplesPerBlock(perSample, Ops.SCORE_BUDGET));
        assertTrue(expectedStep < 32, "a guided 16-frame chunk (32 samples) is split");
    }
}
