package io.lipsync.face;

import io.lipsync.image.Rgb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.awt.image.BufferedImage;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BlazeFaceDetectorTest {
    static Rgb read(java.nio.file.Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        Rgb out = Rgb.blank(image.getWidth(), image.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out.set(y, x, 0, (rgb >> 16) & 0xff);
                out.set(y, x, 1, (rgb >> 8) & 0xff);
                out.set(y, x, 2, rgb & 0xff);
            }
        }
        return out;
    }

    @Test
    void findsTheFaceInThePortraitAndNothingInAPlainImage() throws Exception {
        try (BlazeFaceDetector detector = new BlazeFaceDetector(TestModels.blazeFace())) {
            Rgb portrait = read(SharedFixtures.media().resolve("face.png"));
            Optional<FaceDetection> face = detector.detect(portrait);
            assertTrue(face.isPresent(), "no face found in the portrait");
            FaceDetection d = face.get();
            assertTrue(d.score() > 0.7, "score " + d.score());
            assertTrue(d.x1() >= 0 && d.x2() <= 512 && d.width() > 60, "box " + d);
            Point[] p = d.alignmentPoints();
            assertTrue(p[0].x() < p[1].x(), "eyebrows ordered left to right");
            assertTrue(p[2].y() > p[0].y() && p[2].y() > p[1].y(), "nose below the eyebrows");
            assertTrue(p[2].x() > p[0].x() && p[2].x() < p[1].x(), "nose between the eyebrows");

            Rgb grey = Rgb.blank(640, 360);
            java.util.Arrays.fill(grey.pixels(), (byte) 128);
            assertEquals(Optional.empty(), detector.detect(grey));
        }
    }

    @Test
    void alignmentPointsFollowTheEyeLine() {
        Point[] p = BlazeFaceDetector.alignmentPoints(new Point(100, 100), new Point(200, 100), new Point(150, 170));
        assertEquals(70, p[0].y(), 1e-9);
        assertEquals(100, p[0].x(), 1e-9);
        assertEquals(150, p[2].x(), 1e-9);
        assertTrue(p[2].y() > 100 && p[2].y() < 170);
    }
}
