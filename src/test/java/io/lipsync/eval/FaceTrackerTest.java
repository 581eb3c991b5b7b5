package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.face.FaceBox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's tracking rules: IoU above 0.5, gaps up to 25 frames filled, tracks over 50 frames, faces over 100 px. */
class FaceTrackerTest {
    private static FaceBox box(double x, double size) {
        return new FaceBox(x, 10, x + size, 10 + size, 0.99);
    }

    private static List<List<FaceBox>> frames(int n) {
        List<List<FaceBox>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        return out;
    }

    @Test
    void fillsGapsUpTo25FramesByInterpolation() {
        List<List<FaceBox>> f = frames(80);
        for (int i = 0; i < 80; i++) {
            if (i < 20 || i >= 44) {
                f.get(i).add(box(100 + i, 150));
            }
        }
        List<FaceTrack> tracks = FaceTracker.upstream().track(1000, f);
        assertEquals(1, tracks.size());
        FaceTrack t = tracks.get(0);
        assertEquals(1000, t.firstFrame());
        assertEquals(80, t.frames());
        // Frame 30 was missed: its box lies on the line between frames 19 and 44.
        assertEquals(130, t.boxes().get(30).x1(), 1e-9);
    }

    @Test
    void aGapOver25FramesEndsTheTrackAndShortTracksAreDropped() {
        List<List<FaceBox>> f = frames(140);
        for (int i = 0; i < 140; i++) {
            if (i < 60 || i >= 87) {
                f.get(i).add(box(100, 150));
            }
        }
        List<FaceTrack> tracks = FaceTracker.upstream().track(0, f);
        assertEquals(2, tracks.size());
        assertEquals(60, tracks.get(0).frames());
        assertEquals(87, tracks.get(1).firstFrame());
        assertEquals(53, tracks.get(1).frames());
        // 50 frames is not longer than min_track.
        assertEquals(0, FaceTracker.upstream().track(0, f.subList(0, 50)).size());
        assertEquals(1, FaceTracker.upstream().track(0, f.subList(0, 51)).size());
    }

    @Test
    void twoFacesGiveTwoTracksAndSmallFacesNone() {
        List<List<FaceBox>> f = frames(60);
        for (int i = 0; i < 60; i++) {
            f.get(i).add(box(0, 120));
            f.get(i).add(box(400, 120));
            f.get(i).add(box(800, 90));
        }
        List<FaceTrack> tracks = FaceTracker.upstream().track(0, f);
        assertEquals(2, tracks.size());
        assertEquals(0, tracks.get(0).boxes().get(0).x1());
        assertEquals(400, tracks.get(1).boxes().get(0).x1());
        assertEquals(60, tracks.get(1).frames());
    }
}
