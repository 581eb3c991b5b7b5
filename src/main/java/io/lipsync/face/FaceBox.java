package io.lipsync.face;

/** A face's box in frame pixels, with the detector's score. */
public record FaceBox(double x1, double y1, double x2, double y2, double score) {
    /** Intersection over union, areas without the +1 pixel convention (as upstream's tracker and NMS). */
    public double iou(FaceBox o) {
        double w = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
        double h = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
        double inter = w * h;
        return inter / ((x2 - x1) * (y2 - y1) + (o.x2 - o.x1) * (o.y2 - o.y1) - inter);
    }
}
