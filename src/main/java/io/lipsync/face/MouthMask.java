package io.lipsync.face;

import io.lipsync.image.Resize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * LatentSync's fixed mouth mask (256 x 256, white = keep, black = regenerate), resized to the model's
 * resolution with OpenCV's Lanczos-4 on 8-bit values as upstream does, as floats in [0, 1].
 */
public final class MouthMask {
    private MouthMask() {}

    /** (resolution * resolution) mask values, row-major. */
    public static float[] load(int resolution) {
        byte[] grey = greyPixels();
        byte[] resized = resolution == 256 ? grey : Resize.lanczos(grey, 256, 256, 1, resolution, resolution);
        float[] out = new float[resolution * resolution];
        for (int i = 0; i < out.length; i++) {
            out[i] = (resized[i] & 0xff) / 255f;
        }
        return out;
    }

    /** Upstream resizes the 3-channel image; its channels are equal, so one channel gives the same values. */
    static byte[] greyPixels() {
        try (InputStream in = MouthMask.class.getResourceAsStream("mouth_mask.png")) {
            BufferedImage image = ImageIO.read(in);
            byte[] out = new byte[image.getWidth() * image.getHeight()];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    out[y * image.getWidth() + x] = (byte) ((image.getRGB(x, y) >> 16) & 0xff);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
