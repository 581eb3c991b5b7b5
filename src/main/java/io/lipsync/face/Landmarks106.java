package io.lipsync.face;

import io.lipsync.image.Rgb;
import io.lipsync.image.Planar;
import io.lipsync.image.Affine;
import io.lipsync.image.AffineWarp;
import io.lipsync.util.UserError;

/**
 * InsightFace's 106-point 2D landmark net (buffalo_l's 2d106det.onnx) as upstream runs it: a 192 x 192 crop
 * centred on the face box and scaled so that 1.5 times the box's longer side fills it (bilinear, zero
 * border), pixel values as they are; the 212 outputs are points in [-1, 1] of the crop, mapped back to
 * the frame.
 */
final class Landmarks106 implements AutoCloseable {
    static final int SIZE = 192;
    static final int POINTS = 106;

    private final OnnxModel model;

    Landmarks106(OnnxModel model) {
        this.model = model;
    }

    /** The 106 points of the face in {@code box}, in frame pixels. */
    Point[] locate(Rgb frame, ScrfdDetector.Box box) {
        double scale = SIZE / (Math.max(box.x2() - box.x1(), box.y2() - box.y1()) * 1.5);
        double cx = (box.x1() + box.x2()) / 2;
        double cy = (box.y1() + box.y2()) / 2;
        Affine toCrop = new Affine(scale, 0, SIZE / 2.0 - cx * scale, 0, scale, SIZE / 2.0 - cy * scale);
        Planar crop = AffineWarp.warp(frame, toCrop, SIZE, SIZE, 0f);
        float[] input = new float[3 * SIZE * SIZE];
        int plane = SIZE * SIZE;
        for (int c = 0; c < 3; c++) {
            // The net sees B, G, R: see ScrfdDetector.
            System.arraycopy(crop.data(), (2 - c) * plane, input, c * plane, plane);
        }
        float[] out = model.run(input, new long[] {1, 3, SIZE, SIZE}).get(0);
        if (out.length != 2 * POINTS) {
            throw new UserError("the landmark model gives " + out.length + " values; 2d106det gives "
                    + 2 * POINTS);
        }
        Affine back = toCrop.inverse();
        Point[] points = new Point[POINTS];
        for (int i = 0; i < POINTS; i++) {
            double x = (out[2 * i] + 1) * (SIZE / 2);
            double y = (out[2 * i + 1] + 1) * (SIZE / 2);
            points[i] = new Point(back.mapX(x, y), back.mapY(x, y));
        }
        return points;
    }

    @Override
    public void close() {
        model.close();
    }
}
