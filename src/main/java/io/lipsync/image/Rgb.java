package io.lipsync.image;

/** An 8-bit RGB image, interleaved (H, W, 3), as video frames are decoded. */
public record Rgb(int width, int height, byte[] pixels) {

    public Rgb {
        if (pixels.length != width * height * 3) {
            throw new IllegalArgumentException("RGB data does not match " + width + "x" + height);
        }
    }

    public static Rgb blank(int width, int height) {
        return new Rgb(width, height, new byte[width * height * 3]);
    }

    /** For comparisons pixel by pixel: fails unless {@code other} has this image's size. */
    public void requireSameSize(Rgb other) {
        if (width != other.width || height != other.height) {
            throw new IllegalArgumentException("frames differ in size: " + width + "x" + height + " and "
                    + other.width + "x" + other.height);
        }
    }

    public int get(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xff;
    }

    public void set(int y, int x, int c, int value) {
        pixels[(y * width + x) * 3 + c] = (byte) value;
    }
}
