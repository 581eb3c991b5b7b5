package io.lipsync.image;

/** A float image in channel-planar layout (C, H, W): data[c * H * W + y * W + x]. */
public record Planar(int channels, int height, int width, float[] data) {

    public Planar {
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("planar image data does not match " + channels + "x" + height + "x"
                    + width);
        }
    }

    public static Planar zeros(int channels, int height, int width) {
        return new Planar(channels, height, width, new float[channels * height * width]);
    }

    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    public void set(int c, int y, int x, float v) {
        data[(c * height + y) * width + x] = v;
    }

    /** From interleaved 8-bit RGB (H, W, 3). */
    public static Planar fromRgb(Rgb image) {
        Planar p = zeros(3, image.height(), image.width());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    p.set(c, y, x, image.get(y, x, c));
                }
            }
        }
        return p;
    }

    /** To 8-bit RGB, truncating toward zero as a float-to-uint8 cast does (values assumed in 0..255). */
    public Rgb truncateToRgb() {
        Rgb out = Rgb.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(y, x, c, (int) Math.max(0, Math.min(255, get(c, y, x))));
                }
            }
        }
        return out;
    }
}
