package io.lipsync.face;

import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.util.UserError;
import io.lipsync.image.Rgb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.OnnxWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The InsightFace path on stand-in models with det_10g's and 2d106det's inputs and outputs (the real files
 * cannot be fetched here): anchor decoding, scaling back to the frame, filtering, suppression, the landmark
 * crop's inverse mapping, and the three alignment points.
 */
class InsightFaceDetectorTest {
    private static final int[] STRIDES = {8, 16, 32};

    /** Index of anchor {@code a} of the cell at (x, y) for a stride. */
    private static int anchor(int stride, int x, int y, int a) {
        return (y * (512 / stride) + x) * 2 + a;
    }

    /** SCRFD outputs with three boxes at stride 8 (in the 512 px input): a face, a weaker overlapping one, a tiny one. */
    private static Path detector(Path dir) throws Exception {
        return detector(dir, false);
    }

    /** The same, with {@code secondFace}: a smaller usable face right of the first, centre (360, 160), 100 x 140. */
    private static Path detector(Path dir, boolean secondFace) throws Exception {
        OnnxWriter w = new OnnxWriter("input.1", 1, 3, 512, 512);
        float[][] scores = new float[3][];
        float[][] boxes = new float[3][];
        float[][] kps = new float[3][];
        for (int s = 0; s < 3; s++) {
            int n = (512 / STRIDES[s]) * (512 / STRIDES[s]) * 2;
            scores[s] = new float[n];
            boxes[s] = new float[4 * n];
            kps[s] = new float[10 * n];
        }
        // Centre (160, 160): distances in strides to a box (100, 80)-(220, 240).
        int face = anchor(8, 20, 20, 0);
        scores[0][face] = 0.9f;
        System.arraycopy(new float[] {60 / 8f, 80 / 8f, 60 / 8f, 80 / 8f}, 0, boxes[0], 4 * face, 4);
        int weaker = anchor(8, 20, 20, 1);
        scores[0][weaker] = 0.7f;
        System.arraycopy(new float[] {58 / 8f, 78 / 8f, 62 / 8f, 82 / 8f}, 0, boxes[0], 4 * weaker, 4);
        int tiny = anchor(8, 50, 50, 0);
        scores[0][tiny] = 0.95f;
        System.arraycopy(new float[] {1, 1, 1, 1}, 0, boxes[0], 4 * tiny, 4);
        if (secondFace) {
            int second = anchor(8, 45, 20, 0);
            scores[0][second] = 0.8f;
            System.arraycopy(new float[] {50 / 8f, 70 / 8f, 50 / 8f, 70 / 8f}, 0, boxes[0], 4 * second, 4);
        }
        for (int s = 0; s < 3; s++) {
            w.output("score_" + STRIDES[s], scores[s], scores[s].length, 1);
        }
        for (int s = 0; s < 3; s++) {
            w.output("bbox_" + STRIDES[s], boxes[s], boxes[s].length / 4, 4);
        }
        for (int s = 0; s < 3; s++) {
            w.output("kps_" + STRIDES[s], kps[s], kps[s].length / 10, 10);
        }
        return w.write(dir.resolve(ModelCatalog.INSIGHTFACE_DETECTOR));
    }

    /** 106 points in the crop's [-1, 1] coordinates: eyebrows and nose at known places, the rest at the centre. */
    private static Path landmarks(Path dir) throws Exception {
        float[] points = new float[212];
        for (int i : new int[] {43, 48, 49, 51, 50}) {
            points[2 * i] = -0.25f;
            points[2 * i + 1] = -0.5f;
        }
        for (int i = 101; i <= 105; i++) {
            points[2 * i] = 0.25f;
            points[2 * i + 1] = -0.5f;
        }
        for (int i : new int[] {74, 77, 83, 86}) {
            points[2 * i] = 0f;
            points[2 * i + 1] = 0.125f;
        }
        return new OnnxWriter("data", 1, 3, 192, 192).output("fc1", points, 1, 212)
                .write(dir.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS));
    }

    @Test
    void decodesTheLargestUsableFaceAndItsThreeAlignmentPoints(@TempDir Path dir) throws Exception {
        detector(dir);
        landmarks(dir);
        try (InsightFaceDetector insightface = new InsightFaceDetector(dir)) {
            // 1024 x 768 fits 512 x 384: everything found in the input is twice as large in the frame.
            Optional<FaceDetection> found = insightface.detect(Rgb.blank(1024, 768));
            assertTrue(found.isPresent());
            FaceDetection f = found.get();
            assertEquals(200, f.x1(), 1e-3);
            assertEquals(160, f.y1(), 1e-3);
            assertEquals(440, f.x2(), 1e-3);
            assertEquals(480, f.y2(), 1e-3);
            assertEquals(0.9, f.score(), 1e-6);
            // Crop: centre (320, 320), scale 192 / (320 * 1.5) = 0.4; point p maps to (p + 1) * 96 in the crop,
            // then back by (c - 96) / 0.4 + 320, so p = -0.25 lands at 320 - 60.
            Point[] three = f.alignmentPoints();
            assertEquals(new Point(260, 200), three[0]);
            assertEquals(new Point(380, 200), three[1]);
            assertEquals(new Point(320, 350), three[2]);
        }
    }

    /** With two usable faces, the choice picks the box and the landmarks are taken in that face's crop. */
    @Test
    void theChosenOfTwoFacesIsTheOneAlignedOn(@TempDir Path dir) throws Exception {
        detector(dir, true);
        landmarks(dir);
        try (InsightFaceDetector insightface = new InsightFaceDetector(dir)) {
            Rgb frame = Rgb.blank(1024, 768);
            FaceDetection largest = insightface.detect(frame).orElseThrow();
            assertEquals(200, largest.x1(), 1e-3, "the larger face, as before");
            FaceDetection second = insightface.choosing(FaceChoice.fromLeft(2)).detect(frame).orElseThrow();
            assertEquals(620, second.x1(), 1e-3);
            assertEquals(820, second.x2(), 1e-3);
            assertEquals(0.8, second.score(), 1e-6);
            assertTrue(second.alignmentPoints()[2].x() > 620 && second.alignmentPoints()[2].x() < 820,
                    "the nose is found in the second face: " + second.alignmentPoints()[2]);
            assertEquals(largest.x1(), insightface.choosing(FaceChoice.fromLeft(1)).detect(frame).orElseThrow().x1());
            assertEquals(Optional.empty(), insightface.choosing(FaceChoice.fromLeft(3)).detect(frame));
        }
    }

    @Test
    void suppressionKeepsTheBestOfOverlappingBoxes() {
        var kept = ScrfdDetector.suppress(java.util.List.of(new ScrfdDetector.Box(0, 0, 100, 100, 0.6),
                new ScrfdDetector.Box(5, 5, 105, 105, 0.9), new ScrfdDetector.Box(300, 300, 400, 400, 0.5)));
        assertEquals(2, kept.size());
        assertEquals(0.9, kept.get(0).score());
        assertEquals(0.5, kept.get(1).score());
    }

    @Test
    void theFolderIsPickedOverBlazeFaceOnlyWhenBothFilesAreThere(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(ModelCatalog.INSIGHTFACE_DIR));
        detector(folder);
        UserError missing = assertThrows(UserError.class,
                () -> FaceDetectors.open(ModelSet.resolve(dir, ModelSet.Overrides.NONE).faceDetector()));
        assertTrue(missing.getMessage().contains("face_detection_front_128x128.onnx"), missing.getMessage());
        landmarks(folder);
        try (FaceDetector chosen = FaceDetectors.open(ModelSet.resolve(dir, ModelSet.Overrides.NONE).faceDetector())) {
            assertTrue(chosen.id().startsWith("insightface-buffalo_l-512/v1:"), chosen.id());
        }
    }
}
