package io.lipsync.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.image.Rgb;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.s3fd.S3fdNet;
import io.lipsync.testing.ManifestCheckpoints;
import io.lipsync.testing.SharedFixtures;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** S3FD at its released size, its anchors, box decoding and suppression. */
class S3fdDetectorTest {
    @Test
    void declaresTheReleasedKeys() throws Exception {
        JsonObject manifest = JsonParser.parseString(Files.readString(SharedFixtures.parityData()
                .resolve("manifest_s3fd.json"))).getAsJsonObject();
        S3fdNet net = new S3fdNet();
        KeyCheck check = KeyCheck.compare(net.params().expectedKeys(), ManifestCheckpoints.keys(manifest));
        assertTrue(check.clean(), check.describe());
        long count = net.params().weights().values().stream().map(Param::shape)
                .mapToLong(s -> Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
        assertEquals(manifest.get("parameters").getAsLong(), count);
    }

    @Test
    void anchorsCoverEveryPositionOfTheSixMaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            S3fdNet net = new S3fdNet();
            RandomWeights.fill(net.params(), m, 5);
            // A 640 x 400 frame at a quarter: 160 x 100. Maps 25x40, then 13x20 (the third pool rounds up), 6x10,
            // 3x5, 2x3, 1x2.
            S3fdNet.Raw raw = net.forward(m.randomUniform(-100, 100, new ai.djl.ndarray.types.Shape(1, 3, 100, 160)));
            int expected = 25 * 40 + 13 * 20 + 6 * 10 + 3 * 5 + 2 * 3 + 2;
            assertEquals(expected, raw.count());
            assertEquals(4 * expected, raw.loc().length);
            // First anchor: centre half a stride in, side 16 px.
            assertEquals(2 / 160f, raw.priors()[0], 1e-7);
            assertEquals(2 / 100f, raw.priors()[1], 1e-7);
            assertEquals(16 / 160f, raw.priors()[2], 1e-7);
            for (float p : raw.face()) {
                assertTrue(p >= 0 && p <= 1);
            }
            // The detector runs end to end on a frame (random weights find arbitrary boxes, or none).
            List<FaceBox> boxes = new S3fdDetector(net, m).detect(Rgb.blank(640, 360));
            boxes.forEach(b -> assertTrue(b.score() > S3fdDetector.MIN_SCORE));
        }
    }

    @Test
    void decodesAnchorsAndSuppressesOverlaps() {
        // Zero offsets decode to the anchors themselves; the weaker of two overlapping boxes goes.
        float[] priors = {0.5f, 0.5f, 0.2f, 0.4f, 0.52f, 0.5f, 0.2f, 0.4f, 0.1f, 0.1f, 0.1f, 0.1f};
        S3fdNet.Raw raw = new S3fdNet.Raw(new float[12], new float[] {0.8f, 0.95f, 0.01f}, priors, 100, 100);
        List<FaceBox> kept = S3fdDetector.candidates(raw);
        assertEquals(1, kept.size());
        assertEquals(0.95f, kept.get(0).score(), 1e-6);
        assertEquals(0.42, kept.get(0).x1(), 1e-6);
        assertEquals(0.30, kept.get(0).y1(), 1e-6);
        assertEquals(0.62, kept.get(0).x2(), 1e-6);
        assertEquals(0.70, kept.get(0).y2(), 1e-6);
        List<FaceBox> apart = S3fdDetector.nms(List.of(new FaceBox(0, 0, 10, 10, 0.9), new FaceBox(8, 8, 18, 18, 0.95)),
                0.1, 10);
        assertEquals(2, apart.size(), "IoU 4/196 is under 0.1");
        assertEquals(0.95, apart.get(0).score());
    }
}
