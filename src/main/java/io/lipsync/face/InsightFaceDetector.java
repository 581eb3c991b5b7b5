package io.lipsync.face;

import io.lipsync.image.Rgb;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.util.FileFingerprint;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Upstream's face stage: SCRFD boxes, the largest usable face (at least 50 x 80 px, width/height between
 * 0.2 and 1.5, score 0.5 or more), its 106 landmarks rounded to pixels, and the three alignment points:
 * the means of landmarks 43, 48, 49, 51, 50 (image-left eyebrow), 101 to 105 (image-right eyebrow) and
 * 74, 77, 83, 86 (nose), rounded again.
 */
public final class InsightFaceDetector implements FaceDetector {
    private static final int[] LEFT_BROW = {43, 48, 49, 51, 50};
    private static final int[] RIGHT_BROW = {101, 102, 103, 104, 105};
    private static final int[] NOSE = {74, 77, 83, 86};

    private final ScrfdDetector detector;
    private final Landmarks106 landmarks;
    private final String id;

    /** {@code folder} holds buffalo_l's detector and landmark files under their own names. */
    public InsightFaceDetector(Path folder) {
        this.detector = new ScrfdDetector(new OnnxModel(folder.resolve(ModelCatalog.INSIGHTFACE_DETECTOR),
                "InsightFace detector"));
        this.landmarks = new Landmarks106(new OnnxModel(folder.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS),
                "InsightFace landmarks"));
        this.id = "insightface-buffalo_l-512/v1:" + FileFingerprint.of(folder.resolve(ModelCatalog.INSIGHTFACE_DETECTOR))
                + FileFingerprint.of(folder.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<FaceDetection> detect(Rgb frame) {
        ScrfdDetector.Box best = null;
        for (ScrfdDetector.Box b : detector.detect(frame)) {
            // Upstream judges the box in whole pixels (truncated toward zero).
            long w = (long) b.x2() - (long) b.x1();
            long h = (long) b.y2() - (long) b.y1();
            if (w < 50 || h < 80 || w / (double) h > 1.5 || w / (double) h < 0.2 || b.score() < 0.5) {
                continue;
            }
            if (best == null || w * h > ((long) best.x2() - (long) best.x1()) * ((long) best.y2() - (long) best.y1())) {
                best = b;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Point[] lmk = landmarks.locate(frame, best);
        Point[] three = {mean(lmk, LEFT_BROW), mean(lmk, RIGHT_BROW), mean(lmk, NOSE)};
        return Optional.of(new FaceDetection(best.x1(), best.y1(), best.x2(), best.y2(), best.score(), three));
    }

    /** The rounded mean of the rounded landmarks {@code indices}; numpy rounds halves to even, as rint does. */
    private static Point mean(Point[] lmk, int[] indices) {
        double x = 0;
        double y = 0;
        for (int i : indices) {
            x += Math.rint(lmk[i].x());
            y += Math.rint(lmk[i].y());
        }
        return new Point(Math.rint(x / indices.length), Math.rint(y / indices.length));
    }

    @Override
    public void close() {
        detector.close();
        landmarks.close();
    }
}
