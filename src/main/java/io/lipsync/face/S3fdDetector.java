package io.lipsync.face;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.model.s3fd.S3fdNet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * S3FD as upstream's SyncNet evaluation runs it: the frame shrunk to a quarter (OpenCV bilinear), the
 * channel means subtracted, the net's anchors decoded, non-maximum suppression at IoU 0.3 among the 5000
 * best of those scoring above 0.05 (750 kept), then the faces above 0.9 suppressed again at IoU 0.1.
 */
public final class S3fdDetector implements FaceBoxDetector {
    public static final double SCALE = 0.25;
    public static final double MIN_SCORE = 0.9;
    private static final float[] MEAN_RGB = {123, 117, 104};
    private static final double CANDIDATE_SCORE = 0.05;
    private static final double CANDIDATE_IOU = 0.3;
    private static final int CANDIDATES = 5000;
    private static final int KEPT = 750;
    private static final double FINAL_IOU = 0.1;
    private static final float[] VARIANCE = {0.1f, 0.2f};

    private final S3fdNet net;
    private final NDManager manager;

    public S3fdDetector(S3fdNet net, NDManager manager) {
        this.net = net;
        this.manager = manager;
    }

    @Override
    public String id() {
        return "s3fd";
    }

    @Override
    public List<FaceBox> detect(Rgb frame) {
        int w = (int) Math.rint(frame.width() * SCALE);
        int h = (int) Math.rint(frame.height() * SCALE);
        byte[] small = Resize.linear(frame.pixels(), frame.width(), frame.height(), w, h);
        float[] planar = new float[3 * w * h];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                planar[c * w * h + p] = (small[p * 3 + c] & 0xff) - MEAN_RGB[c];
            }
        }
        S3fdNet.Raw raw;
        try (NDManager m = manager.newSubManager()) {
            raw = net.forward(m.create(planar, new Shape(1, 3, h, w)));
        }
        List<FaceBox> faces = new ArrayList<>();
        for (FaceBox b : candidates(raw)) {
            if (b.score() <= MIN_SCORE) {
                break;
            }
            faces.add(new FaceBox(b.x1() * frame.width(), b.y1() * frame.height(), b.x2() * frame.width(),
                    b.y2() * frame.height(), b.score()));
        }
        return nms(faces, FINAL_IOU, Integer.MAX_VALUE);
    }

    /** The net's Detect step: decoded boxes (relative to the image) after NMS, best first. */
    static List<FaceBox> candidates(S3fdNet.Raw raw) {
        List<FaceBox> boxes = new ArrayList<>();
        float[] l = raw.loc();
        float[] p = raw.priors();
        for (int i = 0; i < raw.count(); i++) {
            if (raw.face()[i] <= CANDIDATE_SCORE) {
                continue;
            }
            double cx = p[4 * i] + l[4 * i] * VARIANCE[0] * p[4 * i + 2];
            double cy = p[4 * i + 1] + l[4 * i + 1] * VARIANCE[0] * p[4 * i + 3];
            double bw = p[4 * i + 2] * Math.exp(l[4 * i + 2] * VARIANCE[1]);
            double bh = p[4 * i + 3] * Math.exp(l[4 * i + 3] * VARIANCE[1]);
            boxes.add(new FaceBox(cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, raw.face()[i]));
        }
        List<FaceBox> kept = nms(boxes, CANDIDATE_IOU, CANDIDATES);
        return kept.subList(0, Math.min(KEPT, kept.size()));
    }

    /** Greedy non-maximum suppression over the {@code topK} best: keeps a box unless it overlaps a better one by more than {@code iou}. */
    static List<FaceBox> nms(List<FaceBox> boxes, double iou, int topK) {
        List<FaceBox> order = new ArrayList<>(boxes);
        order.sort(Comparator.comparingDouble(FaceBox::score).reversed());
        if (order.size() > topK) {
            order = order.subList(0, topK);
        }
        List<FaceBox> kept = new ArrayList<>();
        for (FaceBox b : order) {
            boolean free = true;
            for (FaceBox k : kept) {
                if (b.iou(k) > iou) {
                    free = false;
                    break;
                }
            }
            if (free) {
                kept.add(b);
            }
        }
        return kept;
    }
}
