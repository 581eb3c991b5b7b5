package io.lipsync.face;

import io.lipsync.image.Rgb;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.util.FileFingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's face stage: SCRFD boxes, the largest usable face (at least 50 x 80 px, width/height between
 * 0.2 and 1.5, score 0.5 or more; or another by {@link FaceChoice}), its 106 landmarks rounded to pixels, and the three alignment points:
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
    private final FaceChoice choice;

    /** {@code folder} holds buffalo_l's detector and landmark files under their own names. */
    public InsightFaceDetector(Path folder) {
        this(new ScrfdDetector(new OnnxModel(folder.resolve(ModelCatalog.INSIGHTFACE_DETECTOR), "InsightFace detector")),
                new Landmarks106(new OnnxModel(folder.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS), "InsightFace landmarks")),
                "insightface-buffalo_l-512/v1:" + FileFingerprint.of(folder.resolve(ModelCatalog.INSIGHTFACE_DETECTOR))
                        + FileFingerprint.of(folder.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS)), FaceChoice.LARGEST);
    }

    private InsightFaceDetector(ScrfdDetector detector, Landmarks106 landmarks, String id, FaceChoice choice) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.id = id;
        this.choice = choice;
    }

    @Override
    public String id() {
        return choice.qualify(id);
    }

    @Override
    public FaceDetector choosing(FaceChoice c) {
        return c.equals(choice) ? this : new InsightFaceDetector(detector, landmarks, id, c);
    }

    @Override
    public Optional<FaceDetection> detect(Rgb frame) {
        List<ScrfdDetector.Box> usable = new ArrayList<>();
        List<FaceBox> boxes = new ArrayList<>();
        for (ScrfdDetector.Box b : detector.detect(frame)) {
            // Upstream judges the box, and the largest, in whole pixels (truncated toward zero).
            long w = (long) b.x2() - (long) b.x1();
            long h = (long) b.y2() - (long) b.y1();
            if (w < 50 || h < 80 || w / (double) h > 1.5 || w / (double) h < 0.2 || b.score() < 0.5) {
                continue;
            }
            usable.add(b);
            boxes.add(new FaceBox((long) b.x1(), (long) b.y1(), (long) b.x2(), (long) b.y2(), b.score()));
        }
        int chosen = choice.pick(boxes, frame.width(), frame.height());
        if (chosen < 0) {
            return Optional.empty();
        }
        ScrfdDetector.Box best = usable.get(chosen);
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

    /** Closes the models, which every choosing view of this detector shares. */
    @Override
    public void close() {
        detector.close();
        landmarks.close();
    }
}
