package io.lipsync.pipeline;

import java.util.List;

/** Host-side conversions between crops and the engine's float layouts. */
final class Tensors {
    private Tensors() {}

    /** R x R RGB crops -> (N, 3, R, R) floats in [-1, 1]. */
    static float[] facesToPlanar(List<byte[]> crops, int r) {
        float[] out = new float[crops.size() * 3 * r * r];
        int plane = r * r;
        for (int n = 0; n < crops.size(); n++) {
            byte[] crop = crops.get(n);
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    out[(n * 3 + c) * plane + i] = (crop[i * 3 + c] & 0xff) / 127.5f - 1f;
                }
            }
        }
        return out;
    }

    static float[] repeat(float[] a, int times) {
        float[] out = new float[a.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static float[] gaussian(java.util.Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }
}
