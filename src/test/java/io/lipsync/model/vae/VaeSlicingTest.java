package io.lipsync.model.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.nets.Nets;
import io.lipsync.testing.SharedFixtures;
import org.junit.jupiter.api.Test;

/** A whole chunk goes through the VAE in slices; the sliced result equals image-by-image encoding and decoding. */
class VaeSlicingTest {

    @Test
    void slicedBatchEqualsOneImageAtATime() {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = Nets.loadVae(SharedFixtures.parity().resolve("vae_tiny_random"), m);
            m.getEngine().setRandomSeed(3);
            int n = 9; // more than one slice, and a partial last slice
            NDArray images = m.randomUniform(-1f, 1f, new Shape(n, 3, 32, 32));
            AutoencoderKL.Posterior batch = vae.encode(images);
            NDArray decoded = vae.decode(batch.mean());
            NDList means = new NDList();
            NDList singles = new NDList();
            for (int i = 0; i < n; i++) {
                NDArray one = images.get(i + ":" + (i + 1));
                NDArray mean = vae.encode(one).mean();
                means.add(mean);
                singles.add(vae.decode(mean));
            }
            assertEquals(new Shape(n, vae.config().latentChannels(), 4, 4), batch.mean().getShape());
            assertClose(NDArrays.concat(means, 0), batch.mean());
            assertClose(NDArrays.concat(singles, 0), decoded);
        }
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float range = expected.abs().max().getFloat();
        float diff = expected.sub(actual).abs().max().getFloat();
        // Batch size changes the convolution kernels' summation order, nothing more: float32 rounding.
        assertTrue(diff <= 2e-5f * range, "sliced and single-image results differ by " + diff
                + " (range " + range + ")");
    }
}
