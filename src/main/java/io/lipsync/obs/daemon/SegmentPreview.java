package io.lipsync.obs.daemon;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A JPEG of a segment's last frame, small enough for the dock. */
final class SegmentPreview {
    private static final int MAX_WIDTH = 480;

    private SegmentPreview() {}

    static byte[] jpeg(Path segment) {
        Rgb[] last = new Rgb[1];
        VideoDecoder.decode(segment, frame -> last[0] = frame);
        if (last[0] == null) {
            return null;
        }
        Rgb f = last[0];
        int step = Math.max(1, (f.width() + MAX_WIDTH - 1) / MAX_WIDTH);
        BufferedImage image = new BufferedImage(f.width() / step, f.height() / step, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, f.get(y * step, x * step, 0) << 16 | f.get(y * step, x * step, 1) << 8
                        | f.get(y * step, x * step, 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
