package io.lipsync.testing;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoEncoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Two faces in one picture, the larger on the left: the shared portrait's 256 px square around its face
 * (BlazeFace finds that face at x 178-272, y 81-175 of the portrait), beside the same square at three quarters
 * size, on grey. 448 x 256.
 */
public final class TwoFaces {
    private static final int SIDE = 256;
    private static final int CROP_LEFT = 97;
    private static final int SMALL = SIDE * 3 / 4;

    /** Where each face is in the picture (x1, y1, x2, y2), as BlazeFace boxes it in the portrait. */
    public static final int[] LEFT_FACE = {178 - CROP_LEFT, 81, 272 - CROP_LEFT, 175};
    public static final int[] RIGHT_FACE = {SIDE + (178 - CROP_LEFT) * 3 / 4, (SIDE - SMALL) / 2 + 81 * 3 / 4,
        SIDE + (272 - CROP_LEFT) * 3 / 4, (SIDE - SMALL) / 2 + 175 * 3 / 4};

    private TwoFaces() {}

    public static Rgb picture() throws IOException {
        BufferedImage portrait = ImageIO.read(SharedFixtures.media().resolve("face.png").toFile());
        Rgb frame = Rgb.blank(SIDE + SMALL, SIDE);
        java.util.Arrays.fill(frame.pixels(), (byte) 128);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                put(frame, y, x, portrait.getRGB(CROP_LEFT + x, y));
                if (x < SMALL && y < SMALL) {
                    put(frame, (SIDE - SMALL) / 2 + y, SIDE + x, portrait.getRGB(CROP_LEFT + x * 4 / 3, y * 4 / 3));
                }
            }
        }
        return frame;
    }

    /** A still clip of the picture, {@code frames} long at 25 fps, without sound. */
    public static void clip(Path out, int frames) throws IOException {
        Rgb picture = picture();
        try (VideoEncoder encoder = new VideoEncoder(out, picture.width(), picture.height(), "mp4")) {
            for (int i = 0; i < frames; i++) {
                encoder.writeVideo(picture);
            }
            encoder.commit();
        }
    }

    private static void put(Rgb frame, int y, int x, int rgb) {
        frame.set(y, x, 0, (rgb >> 16) & 0xff);
        frame.set(y, x, 1, (rgb >> 8) & 0xff);
        frame.set(y, x, 2, rgb & 0xff);
    }
}
