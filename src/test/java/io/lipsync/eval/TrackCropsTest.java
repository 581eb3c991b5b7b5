package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.face.FaceBox;
import io.lipsync.image.Rgb;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The crop upstream feeds SyncNet-v2: s above the box centre, 1.8 s below, 1.4 s either side, grey 110 outside the frame. */
class TrackCropsTest {
    @Test
    void cropsTheLowerFaceSquareAndPadsWithGrey() {
        // A 400 x 300 frame: left half red, right half blue; the face box is centred at (200, 100) with s = 50.
        Rgb frame = Rgb.blank(400, 300);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                frame.set(y, x, x < 200 ? 0 : 2, 200);
            }
        }
        FaceTrack track = new FaceTrack(7, Collections.nCopies(30, new FaceBox(150, 50, 250, 150, 0.99)));
        Rgb crop = new TrackCrops(track).crop(20, frame);
        assertEquals(224, crop.width());
        assertEquals(224, crop.height());
        // The crop spans x 130..270 and y 50..190: red on the left, blue on the right, no padding.
        assertEquals(200, crop.get(112, 10, 0));
        assertEquals(200, crop.get(112, 214, 2));
        assertEquals(0, crop.get(112, 214, 0));
        // Near the top edge the square reaches above the frame: those rows are grey.
        FaceTrack high = new FaceTrack(0, Collections.nCopies(30, new FaceBox(150, -20, 250, 80, 0.99)));
        Rgb top = new TrackCrops(high).crop(15, frame);
        assertEquals(110, top.get(2, 112, 1));
        assertEquals(0, top.get(200, 10, 1));
    }
}
