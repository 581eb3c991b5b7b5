package io.lipsync.face;

import io.lipsync.image.Rgb;
import io.lipsync.image.Planar;
import io.lipsync.image.Affine;
import io.lipsync.image.AffineWarp;
import io.lipsync.image.Morphology;

/**
 * Pastes a generated face crop back into its frame as upstream's restore_img does: the crop and a mask of
 * ones go through the inverse alignment, the mask is eroded (2 px, then by a fifth-of-a-twentieth of the
 * face's size) and feathered with a Gaussian, and the face is blended over the frame.
 */
public final class FaceRestorer {
    private FaceRestorer() {}

    /**
     * face (3, cropH, cropW) in [-1, 1], {@code toCrop} the frame -> crop map used to align it. Only the
     * face's footprint (with a margin wider than the erosion and blur reach) is computed; the rest of the
     * frame is copied, which gives the same pixels as working on the whole frame.
     */
    public static Rgb restore(Rgb frame, Planar face, Affine toCrop) {
        Affine toFrame = toCrop.inverse();
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int[] corner : new int[][] {{0, 0}, {face.width() - 1, 0}, {0, face.height() - 1},
                {face.width() - 1, face.height() - 1}}) {
            double x = toFrame.mapX(corner[0], corner[1]);
            double y = toFrame.mapY(corner[0], corner[1]);
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int margin = (int) (0.15 * Math.max(maxX - minX, maxY - minY)) + 8;
        int x0 = Math.max(0, (int) Math.floor(minX) - margin);
        int y0 = Math.max(0, (int) Math.floor(minY) - margin);
        int x1 = Math.min(frame.width(), (int) Math.ceil(maxX) + margin + 1);
        int y1 = Math.min(frame.height(), (int) Math.ceil(maxY) + margin + 1);
        if (x1 <= x0 || y1 <= y0) {
            return frame;
        }
        Rgb region = Rgb.blank(x1 - x0, y1 - y0);
        for (int y = y0; y < y1; y++) {
            System.arraycopy(frame.pixels(), (y * frame.width() + x0) * 3, region.pixels(), (y - y0) * region.width() * 3,
                    region.width() * 3);
        }
        Affine shifted = new Affine(toCrop.a(), toCrop.b(), toCrop.c() + toCrop.a() * x0 + toCrop.b() * y0, toCrop.d(),
                toCrop.e(), toCrop.f() + toCrop.d() * x0 + toCrop.e() * y0);
        Rgb restored = restoreWhole(region, face, shifted);
        Rgb out = new Rgb(frame.width(), frame.height(), frame.pixels().clone());
        for (int y = y0; y < y1; y++) {
            System.arraycopy(restored.pixels(), (y - y0) * region.width() * 3, out.pixels(), (y * frame.width() + x0) * 3,
                    region.width() * 3);
        }
        return out;
    }

    /** upstream's restore_img over the whole of {@code frame}. */
    private static Rgb restoreWhole(Rgb frame, Planar face, Affine toCrop) {
        int h = frame.height();
        int w = frame.width();
        Affine toFrame = toCrop.inverse();
        Planar warped = AffineWarp.warp(face, toFrame, h, w, 127f);
        Planar ones = new Planar(1, face.height(), face.width(), filled(face.height() * face.width()));
        float[] mask = Morphology.erode(AffineWarp.warpZeros(ones, toFrame, h, w).data(), h, w, 2);
        double area = 0;
        for (float v : mask) {
            area += v;
        }
        int edge = (int) Math.sqrt(area) / 20;
        // An empty kernel makes OpenCV fall back to 3x3.
        float[] centre = Morphology.erode(mask, h, w, edge > 0 ? 2 * edge : 3);
        int blur = 2 * edge + 1;
        double sigma = 0.3 * ((blur - 1) * 0.5 - 1) + 0.8;
        float[] soft = Morphology.gaussianBlur(centre, h, w, blur, sigma);
        Rgb out = Rgb.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    float f = Math.max(0f, Math.min(1f, warped.get(c, y, x) / 2 + 0.5f)) * 255f;
                    float v = soft[i] * (mask[i] * f) + (1 - soft[i]) * frame.get(y, x, c);
                    out.set(y, x, c, (int) Math.max(0, Math.min(255, v)));
                }
            }
        }
        return out;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
