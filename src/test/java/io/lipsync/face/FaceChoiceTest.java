package io.lipsync.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Rgb;
import io.lipsync.testing.TestModels;
import io.lipsync.testing.TwoFaces;
import io.lipsync.util.UserError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which face is lip-synced when a frame shows several. */
class FaceChoiceTest {
    /** Three faces in a 300 x 100 frame: a small one left, a large one right, a middle one at the centre. */
    private static final List<FaceBox> THREE = List.of(new FaceBox(10, 40, 40, 70, 0.9),
            new FaceBox(200, 0, 290, 90, 0.6), new FaceBox(130, 30, 170, 70, 0.8));

    @Test
    void eachRulePicksItsFace() {
        assertEquals(1, FaceChoice.LARGEST.pick(THREE, 300, 100));
        assertEquals(2, FaceChoice.CENTRE.pick(THREE, 300, 100));
        assertEquals(0, FaceChoice.fromLeft(1).pick(THREE, 300, 100));
        assertEquals(2, FaceChoice.fromLeft(2).pick(THREE, 300, 100));
        assertEquals(1, FaceChoice.fromLeft(3).pick(THREE, 300, 100));
        assertEquals(-1, FaceChoice.fromLeft(4).pick(THREE, 300, 100), "no fourth face: the frame passes through");
        assertEquals(-1, FaceChoice.LARGEST.pick(List.of(), 300, 100));
    }

    @Test
    void namesReadBackAndBadOnesAreRefusedWithWhatToGive() {
        for (FaceChoice c : List.of(FaceChoice.LARGEST, FaceChoice.CENTRE, FaceChoice.fromLeft(2))) {
            assertEquals(c, FaceChoice.parse(c.toString()));
        }
        assertEquals(FaceChoice.CENTRE, FaceChoice.parse("Center"));
        assertEquals(FaceChoice.LARGEST, FaceChoice.parse(null), "nothing chosen: the largest, as upstream");
        UserError e = assertThrows(UserError.class, () -> FaceChoice.parse("left-0"));
        assertTrue(e.userMessage().contains("left-N"), e.userMessage());
        assertThrows(UserError.class, () -> FaceChoice.parse("biggest"));
    }

    @Test
    void theCacheKeepsEachChoicesFacesApartButTheDefaultsAsBefore() {
        assertEquals("det:1", FaceChoice.LARGEST.qualify("det:1"), "faces cached before the choice existed stay valid");
        assertTrue(!FaceChoice.CENTRE.qualify("det:1").equals(FaceChoice.fromLeft(1).qualify("det:1")));
    }

    @Test
    void blazeFaceFindsEitherFaceOfATwoFaceFrame() throws Exception {
        Rgb frame = TwoFaces.picture();
        try (BlazeFaceDetector detector = new BlazeFaceDetector(TestModels.blazeFace())) {
            FaceDetection largest = detector.detect(frame).orElseThrow();
            FaceDetection left = detector.choosing(FaceChoice.fromLeft(1)).detect(frame).orElseThrow();
            FaceDetection right = detector.choosing(FaceChoice.fromLeft(2)).detect(frame).orElseThrow();
            assertEquals(TwoFaces.LEFT_FACE[0], largest.x1(), 8, "the full-size face is on the left: " + largest);
            assertEquals(largest.x1(), left.x1(), 1e-9);
            assertEquals(TwoFaces.RIGHT_FACE[0], right.x1(), 8, "the smaller face is on the right: " + right);
            assertEquals(0.75, right.width() / largest.width(), 0.1, "three quarters the size");
            assertEquals(Optional.empty(), detector.choosing(FaceChoice.fromLeft(3)).detect(frame));
            assertTrue(!detector.id().equals(detector.choosing(FaceChoice.fromLeft(2)).id()));
            assertEquals(detector.id(), detector.choosing(FaceChoice.LARGEST).id());
        }
    }
}
