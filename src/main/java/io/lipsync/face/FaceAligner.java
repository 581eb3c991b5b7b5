package io.lipsync.face;

import io.lipsync.image.Affine;

/**
 * LatentSync's three-point alignment: a similarity transform (Umeyama, no reflection) from the left and
 * right eyebrow centres and the nose centre onto a fixed template scaled to the crop resolution, plus a
 * temporally smoothed offset that keeps the nose steady from frame to frame.
 */
public final class FaceAligner {
    private final Point[] template;
    private final int cropWidth;
    private final int cropHeight;
    private double[] previousBias;

    public FaceAligner(int resolution) {
        double ratio = resolution / 256.0 * 2.8;
        template = new Point[] {new Point(17 * ratio, 20 * ratio), new Point(58 * ratio, 20 * ratio),
                new Point(37.5 * ratio, 40 * ratio)};
        cropWidth = (int) (75 * ratio);
        cropHeight = (int) (100 * ratio);
    }

    public Point[] template() {
        return template.clone();
    }

    /** Width of the warped crop before it is resized to a square. */
    public int cropWidth() {
        return cropWidth;
    }

    public int cropHeight() {
        return cropHeight;
    }

    /** Forgets the smoothing history (a new clip, or a cut). */
    public void reset() {
        previousBias = null;
    }

    /** The frame -> crop map for landmarks (left eyebrow, right eyebrow, nose), updating the smoothing state. */
    public Affine align(Point[] landmarks) {
        Normalised src = Normalised.of(landmarks);
        Normalised dst = Normalised.of(template);
        // The rotation maximising sum(dst_i . R src_i) over proper rotations.
        double dot = 0;
        double cross = 0;
        for (int i = 0; i < 3; i++) {
            dot += src.x[i] * dst.x[i] + src.y[i] * dst.y[i];
            cross += src.x[i] * dst.y[i] - src.y[i] * dst.x[i];
        }
        double angle = Math.atan2(cross, dot);
        double scale = dst.std / src.std;
        double sr00 = scale * Math.cos(angle);
        double sr10 = scale * Math.sin(angle);
        double tx = dst.cx - (sr00 * src.cx - sr10 * src.cy);
        double ty = dst.cy - (sr10 * src.cx + sr00 * src.cy);
        double[] bias = {dst.x[2] - src.x[2], dst.y[2] - src.y[2]};
        if (previousBias != null) {
            bias = new double[] {previousBias[0] * 0.2 + bias[0] * 0.8, previousBias[1] * 0.2 + bias[1] * 0.8};
        }
        previousBias = bias;
        return new Affine(sr00, -sr10, tx + bias[0], sr10, sr00, ty + bias[1]);
    }

    /** Points centred on their mean and divided by the (unbiased) std of all coordinates. */
    private record Normalised(double[] x, double[] y, double cx, double cy, double std) {
        static Normalised of(Point[] p) {
            double cx = 0;
            double cy = 0;
            for (Point q : p) {
                cx += q.x();
                cy += q.y();
            }
            cx /= p.length;
            cy /= p.length;
            double[] x = new double[p.length];
            double[] y = new double[p.length];
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                x[i] = p[i].x() - cx;
                y[i] = p[i].y() - cy;
                sum += x[i] + y[i];
            }
            double mean = sum / (2.0 * p.length);
            double ss = 0;
            for (int i = 0; i < p.length; i++) {
                ss += (x[i] - mean) * (x[i] - mean) + (y[i] - mean) * (y[i] - mean);
            }
            double std = Math.sqrt(ss / (2.0 * p.length - 1));
            for (int i = 0; i < p.length; i++) {
                x[i] /= std;
                y[i] /= std;
            }
            return new Normalised(x, y, cx, cy, std);
        }
    }
}
