package io.lipsync.parity;

import io.lipsync.image.Rgb;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Fixture PNGs as pixel values. */
final class Images {
    private Images() {}

    /** (H, W, C) pixel values 0..255 of an 8-bit grey or RGB PNG. */
    static Tensor png(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not a readable PNG");
        }
        Raster r = image.getRaster();
        int bands = r.getNumBands();
        float[] data = new float[image.getWidth() * image.getHeight() * bands];
        int p = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    data[p++] = r.getSample(x, y, b);
                }
            }
        }
        return Tensor.of(data, image.getHeight(), image.getWidth(), bands);
    }

    static Rgb rgb(Path file) throws IOException {
        Tensor t = png(file);
        if (t.shape()[2] != 3) {
            throw new IOException(file + " is not an RGB image");
        }
        byte[] pixels = new byte[t.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (int) t.data()[i];
        }
        return new Rgb((int) t.shape()[1], (int) t.shape()[0], pixels);
    }

    static Tensor tensor(Rgb image) {
        float[] data = new float[image.pixels().length];
        for (int i = 0; i < data.length; i++) {
            data[i] = image.pixels()[i] & 0xff;
        }
        return Tensor.of(data, image.height(), image.width(), 3);
    }
}
