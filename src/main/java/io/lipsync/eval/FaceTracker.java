package io.lipsync.eval;

import io.lipsync.face.FaceBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's face tracking before SyncNet evaluation (syncnet_python's track_shot): within one shot, a track
 * grows from the earliest unclaimed face by taking, frame after frame, a face overlapping its last box by
 * IoU above 0.5, until 25 frames pass without one. Tracks longer than {@code minTrack} frames are filled in
 * (boxes linearly interpolated over missed frames) and kept when their mean width or height exceeds
 * {@code minFaceSize} pixels.
 */
public record FaceTracker(int minTrack, double minFaceSize) {
    public static final double IOU = 0.5;
    public static final int MAX_MISSED = 25;
    /** Upstream's min_track, in frames (a track must be longer). */
    public static final int MIN_TRACK = 50;
    public static final double MIN_FACE_SIZE = 100;

    public static FaceTracker upstream() {
        return new FaceTracker(MIN_TRACK, MIN_FACE_SIZE);
    }

    /** Shots and tracks must be longer than this many frames. */
    public int minTrack() {
        return minTrack;
    }

    /** The tracks of one shot, whose frame {@code firstFrame + i} has the faces {@code faces.get(i)}. */
    public List<FaceTrack> track(int firstFrame, List<List<FaceBox>> faces) {
        List<List<FaceBox>> unclaimed = new ArrayList<>();
        for (List<FaceBox> f : faces) {
            unclaimed.add(new ArrayList<>(f));
        }
        List<FaceTrack> tracks = new ArrayList<>();
        while (true) {
            List<Integer> frames = new ArrayList<>();
            List<FaceBox> boxes = new ArrayList<>();
            for (int i = 0; i < unclaimed.size(); i++) {
                List<FaceBox> here = unclaimed.get(i);
                // Upstream removes claimed faces from the list it is iterating, which skips the face after each
                // one claimed; the index walk below does the same.
                int at = 0;
                while (at < here.size()) {
                    FaceBox face = here.get(at++);
                    if (boxes.isEmpty()) {
                        frames.add(i);
                        boxes.add(face);
                        here.remove(--at);
                        at++;
                    } else if (i - frames.get(frames.size() - 1) <= MAX_MISSED) {
                        if (face.iou(boxes.get(boxes.size() - 1)) > IOU) {
                            frames.add(i);
                            boxes.add(face);
                            here.remove(--at);
                            at++;
                        }
                    } else {
                        break;
                    }
                }
            }
            if (boxes.isEmpty()) {
                return tracks;
            }
            if (boxes.size() > minTrack) {
                FaceTrack t = interpolated(firstFrame, frames, boxes);
                double w = 0;
                double h = 0;
                for (FaceBox b : t.boxes()) {
                    w += (b.x2() - b.x1()) / t.frames();
                    h += (b.y2() - b.y1()) / t.frames();
                }
                if (Math.max(w, h) > minFaceSize) {
                    tracks.add(t);
                }
            }
        }
    }

    /** Boxes at every frame from the first to the last detection, linear between detections. */
    private static FaceTrack interpolated(int firstFrame, List<Integer> frames, List<FaceBox> boxes) {
        List<FaceBox> out = new ArrayList<>();
        for (int k = 0; k + 1 < frames.size(); k++) {
            FaceBox a = boxes.get(k);
            FaceBox b = boxes.get(k + 1);
            int span = frames.get(k + 1) - frames.get(k);
            for (int s = 0; s < span; s++) {
                double t = s / (double) span;
                out.add(new FaceBox(lerp(a.x1(), b.x1(), t), lerp(a.y1(), b.y1(), t), lerp(a.x2(), b.x2(), t),
                        lerp(a.y2(), b.y2(), t), lerp(a.score(), b.score(), t)));
            }
        }
        out.add(boxes.get(boxes.size() - 1));
        return new FaceTrack(firstFrame + frames.get(0), out);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}
