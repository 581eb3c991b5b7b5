package io.lipsync.face;

/**
 * A detected face in frame pixels: its box, confidence, and the three points LatentSync aligns on
 * (image-left eyebrow centre, image-right eyebrow centre, nose centre).
 */
public record FaceDetection(double x1, double y1, double x2, double y2, double score, Point[] alignmentPoints) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }
}
