package io.lipsync.image;

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
                // The four neighbours' weights, zero where a neighbour lies outside the source.
                boolean left = x0 >= 0 && x0 < w;
                boolean right = x0 + 1 >= 0 && x0 + 1 < w;
                boolean top = y0 >= 0 && y0 < h;
                boolean bottom = y0 + 1 >= 0 && y0 + 1 < h;
                double w00 = left && top ? (1 - fx) * (1 - fy) : 0;
                double w01 = right && top ? fx * (1 - fy) : 0;
                double w10 = left && bottom ? (1 - fx) * fy : 0;
                double w11 = right && bottom ? fx * fy : 0;
                double outside = 1 - (w00 + w01 + w10 + w11);
                for (int c = 0; c < channels; c++) {
                    double v = 0;
                    if (w00 != 0) {
                        v += w00 * src.get(c, y0, x0);
                    }
                    if (w01 != 0) {
                        v += w01 * src.get(c, y0, x0 + 1);
                    }
                    if (w10 != 0) {
                        v += w10 * src.get(c, y0 + 1, x0);
                    }
                    if (w11 != 0) {
                        v += w11 * src.get(c, y0 + 1, x0 + 1);
                    }
                    if (!Float.isNaN(fill)) {
                        v += outside * fill;
                    }
                    out.set(c, y, x, (float) v);
                }
            }
        }
        return out;
    }
}
