package io.lipsync.pipeline;

import io.lipsync.image.Affine;
import java.nio.ByteBuffer;

/**
 * What the clip's face work leaves for one source frame: the frame -> crop alignment, the aligned R x R crop,
 * and the VAE posteriors (mean, std) of the masked and of the reference crop, each (4, R/8, R/8).
 * A frame without a usable face has no alignment and is passed through.
 */
record FaceRecord(Affine affine, byte[] crop, float[] maskedMean, float[] maskedStd, float[] refMean,
        float[] refStd) {

    static final FaceRecord NO_FACE = new FaceRecord(null, null, null, null, null, null);

    boolean hasFace() {
        return affine != null;
    }

    /** Fixed size of a stored record at this resolution. */
    static int bytes(int resolution) {
        int latent = 4 * (resolution / 8) * (resolution / 8);
        return 1 + 6 * 8 + resolution * resolution * 3 + 4 * latent * 4;
    }

    void write(ByteBuffer out, int resolution) {
        int start = out.position();
        out.put((byte) (hasFace() ? 1 : 0));
        if (hasFace()) {
            for (double v : new double[] {affine.a(), affine.b(), affine.c(), affine.d(), affine.e(), affine.f()}) {
                out.putDouble(v);
            }
            out.put(crop);
            for (float[] a : new float[][] {maskedMean, maskedStd, refMean, refStd}) {
                for (float v : a) {
                    out.putFloat(v);
                }
            }
        }
        out.position(start + bytes(resolution));
    }

    static FaceRecord read(ByteBuffer in, int resolution) {
        int start = in.position();
        if (in.get() == 0) {
            in.position(start + bytes(resolution));
            return NO_FACE;
        }
        Affine affine = new Affine(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(),
                in.getDouble());
        byte[] crop = new byte[resolution * resolution * 3];
        in.get(crop);
        int latent = 4 * (resolution / 8) * (resolution / 8);
        float[][] parts = new float[4][latent];
        for (float[] p : parts) {
            for (int i = 0; i < latent; i++) {
                p[i] = in.getFloat();
            }
        }
        return new FaceRecord(affine, crop, parts[0], parts[1], parts[2], parts[3]);
    }
}
