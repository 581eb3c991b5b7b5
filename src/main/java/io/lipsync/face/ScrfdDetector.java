package io.lipsync.face;

import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.util.UserError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * InsightFace's SCRFD face detector (buffalo_l's det_10g.onnx) as upstream runs it: the frame scaled to fit
 * 512 x 512 (top-left, zero padding), normalised to (x - 127.5) / 128; per stride 8, 16 and 32, two
 * anchors per cell whose distances give boxes; scores of at least 0.5 kept, then non-maximum suppression
 * at IoU 0.4.
 */
final class ScrfdDetector implements AutoCloseable {
    static final int SIZE = 512;
    private static final int[] STRIDES = {8, 16, 32};
    private static final int ANCHORS_PER_CELL = 2;
    private static final float SCORE = 0.5f;
    private static final double NMS_IOU = 0.4;

    /** A box in frame pixels and its score. */
    record Box(double x1, double y1, double x2, double y2, double score) {
        double area() {
            return (x2 - x1 + 1) * (y2 - y1 + 1);
        }
    }

    private final OnnxModel model;

    ScrfdDetector(OnnxModel model) {
        if (model.outputCount() != 9) {
            throw new UserError("the face detector has " + model.outputCount() + " outputs; SCRFD "
                    + "with keypoints (det_10g.onnx) has 9");
        }
        this.model = model;
    }

    List<Box> detect(Rgb frame) {
        double ratio = frame.height() / (double) frame.width();
        int newWidth = ratio > 1 ? (int) (SIZE / ratio) : SIZE;
        int newHeight = ratio > 1 ? SIZE : (int) (SIZE * ratio);
        double scale = newHeight / (double) frame.height();
        byte[] resized = Resize.linear(frame.pixels(), frame.width(), frame.height(), newWidth, newHeight);
        float[] input = new float[3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            // Upstream hands InsightFace RGB frames, which it takes for BGR and swaps: the net sees B, G, R.
            int from = 2 - c;
            int plane = c * SIZE * SIZE;
            java.util.Arrays.fill(input, plane, plane + SIZE * SIZE, -127.5f / 128f);
            for (int y = 0; y < newHeight; y++) {
                for (int x = 0; x < newWidth; x++) {
                    int v = resized[(y * newWidth + x) * 3 + from] & 0xff;
                    input[plane + y * SIZE + x] = (v - 127.5f) / 128f;
                }
            }
        }
        List<float[]> out = model.run(input, new long[] {1, 3, SIZE, SIZE});
        List<Box> boxes = new ArrayList<>();
        for (int s = 0; s < STRIDES.length; s++) {
            decode(STRIDES[s], out.get(s), out.get(s + 3), scale, boxes);
        }
        return suppress(boxes);
    }

    private static void decode(int stride, float[] scores, float[] distances, double scale, List<Box> into) {
        int cells = SIZE / stride;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < SCORE) {
                continue;
            }
            int cell = i / ANCHORS_PER_CELL;
            double cx = (cell % cells) * stride;
            double cy = (cell / cells) * stride;
            into.add(new Box((cx - distances[4 * i] * stride) / scale, (cy - distances[4 * i + 1] * stride) / scale,
                    (cx + distances[4 * i + 2] * stride) / scale, (cy + distances[4 * i + 3] * stride) / scale,
                    scores[i]));
        }
    }

    /** Keeps the best box of each cluster of boxes overlapping by more than {@link #NMS_IOU}. */
    static List<Box> suppress(List<Box> boxes) {
        List<Box> order = new ArrayList<>(boxes);
        order.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box b : order) {
            boolean overlaps = false;
            for (Box k : kept) {
                double w = Math.max(0, Math.min(b.x2(), k.x2()) - Math.max(b.x1(), k.x1()) + 1);
                double h = Math.max(0, Math.min(b.y2(), k.y2()) - Math.max(b.y1(), k.y1()) + 1);
                double inter = w * h;
                if (inter / (b.area() + k.area() - inter) > NMS_IOU) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(b);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        model.close();
    }
}
