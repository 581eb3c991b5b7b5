package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** torch's bilinear interpolation (align_corners False): half-pixel centres, clamped at the edges. */
class BilinearTest {
    @Test
    void upAndDownAsTorchSamples() {
        // 2 -> 4: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (the right tap clamped): 0, 0.25, 0.75, 1 of [0, 1].
        assertArrayEquals(new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1}, Interpolate.bilinearMatrix(2, 4), 1e-6f);
        // 4 -> 2: sources 0.5 and 2.5, the mean of each pair.
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0, 0, 0, 0.5f, 0.5f}, Interpolate.bilinearMatrix(4, 2), 1e-6f);
    }
}
