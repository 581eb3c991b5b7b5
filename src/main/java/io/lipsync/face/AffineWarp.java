package io.lipsync.face;

/**
 * Bilinear affine warping with pixel centres on integer coordinates (kornia's warp_affine with
 * align_corners=True): each output pixel p samples the source at M^-1 p; source pixels outside the image
 * count as zero, and the part of the sample that fell outside is filled with {@code fill}.
 */
public final class AffineWarp {
    private AffineWarp() {}

    /** Pixel access to a source image of any layout. */
    private interface Source {
        float get(int c, int y, int x);
    }

    /** src (C, H, W) through the source -> destination map {@code m} into (C, outHeight, outWidth). */
    public static Planar warp(Planar src, Affine m, int outHeight, int outWidth, float fill) {
        return sample(src::get, src.channels(), src.height(), src.width(), m.inverse(), outHeight, outWidth, fill);
    }

    /** An 8-bit RGB frame warped straight from its bytes (no float copy of a whole, possibly 4K, frame). */
    public static Planar warp(Rgb src, Affine m, int outHeight, int outWidth, float fill) {
        return sample((c, y, x) -> src.get(y, x, c), 3, src.height(), src.width(), m.inverse(), outHeight, outWidth,
                fill);
    }

    /** As {@link #warp} but outside pixels are zero with no fill (kornia's padding_mode "zeros"). */
    public static Planar warpZeros(Planar src, Affine m, int outHeight, int outWidth) {
        return sample(src::get, src.channels(), src.height(), src.width(), m.inverse(), outHeight, outWidth,
                Float.NaN);
    }

    private static Planar sample(Source src, int channels, int h, int w, Affine inverse, int outHeight, int outWidth,
            float fill) {
        Planar out = Planar.zeros(channels, outHeight, outWidth);
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                double sx = inverse.mapX(x, y);
                double sy = inverse.mapY(x, y);
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                double[] weights = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
                int[] xs = {x0, x0 + 1, x0, x0 + 1};
                int[] ys = {y0, y0, y0 + 1, y0 + 1};
                double inside = 0;
                for (int k = 0; k < 4; k++) {
                    if (xs[k] >= 0 && xs[k] < w && ys[k] >= 0 && ys[k] < h) {
                        inside += weights[k];
                    }
                }
                for (int c = 0; c < channels; c++) {
                    double v = 0;
                    for (int k = 0; k < 4; k++) {
                        if (xs[k] >= 0 && xs[k] < w && ys[k] >= 0 && ys[k] < h) {
                            v += weights[k] * src.get(c, ys[k], xs[k]);
                        }
                    }
                    if (!Float.isNaN(fill)) {
                        v += (1 - inside) * fill;
                    }
                    out.set(c, y, x, (float) v);
                }
            }
        }
        return out;
    }
}
