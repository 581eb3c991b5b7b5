package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.BiFunction;

/**
 * torch.nn.functional.interpolate for the training losses, as separable matrices, so autograd gives the
 * input gradient (the transposed matrices): bicubic without antialias (SyncNet's 512 -> 256 resize,
 * TREPA's resize to 224), bilinear (FID's resize to 299), legacy nearest (masks to latent size), and VideoMAE's
 * temporal linear interpolation of its position table.
 */
public final class Interpolate {
    private static final float A = -0.75f;

    private Interpolate() {}

    /** (N, C, H, W) -> (N, C, outH, outW), align_corners False, no antialias. */
    public static NDArray bicubic(NDArray input, int outH, int outW) {
        return separable(input, outH, outW, Interpolate::bicubicMatrix);
    }

    /** A resize whose weights along each axis are {@code weights}(in, out), as an (out, in) matrix. */
    private static NDArray separable(NDArray input, int outH, int outW, BiFunction<Integer, Integer, float[]> weights) {
        NDArray x = Autocast.full(input);
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray rows = Constants.of(m, weights.apply((int) s.get(2), outH), new Shape(outH, s.get(2)));
        NDArray cols = Constants.of(m, weights.apply((int) s.get(3), outW), new Shape(outW, s.get(3)));
        return rows.matMul(x).matMul(cols.transpose());
    }

    /**
     * Row i holds the weights of output i over the inputs: src = (i + 0.5)·in/out − 0.5 in float32 as torch
     * computes it, Keys' cubic (a = −0.75) on taps floor(src)−1 … +2, clamped to the edges.
     */
    static float[] bicubicMatrix(int in, int out) {
        float[] w = new float[out * in];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = (i + 0.5f) * scale - 0.5f;
            int base = (int) Math.floor(src);
            float t = src - base;
            float[] taps = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
            for (int k = 0; k < 4; k++) {
                int index = Math.min(Math.max(base - 1 + k, 0), in - 1);
                w[i * in + index] += taps[k];
            }
        }
        return w;
    }

    /** (N, C, H, W) -> (N, C, outH, outW), bilinear, align_corners False, no antialias (FID's resize to 299). */
    public static NDArray bilinear(NDArray input, int outH, int outW) {
        return separable(input, outH, outW, Interpolate::bilinearMatrix);
    }

    /** Row i: src = max((i + 0.5)·in/out − 0.5, 0), weights 1 − t and t on floor(src) and the next (clamped). */
    static float[] bilinearMatrix(int in, int out) {
        float[] w = new float[out * in];
        float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = Math.max((i + 0.5f) * scale - 0.5f, 0f);
            int base = Math.min((int) Math.floor(src), in - 1);
            float t = src - base;
            w[i * in + base] += 1 - t;
            w[i * in + Math.min(base + 1, in - 1)] += t;
        }
        return w;
    }

    /** Keys' cubic for |x| <= 1. */
    private static float cubicNear(float x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** Keys' cubic for 1 < |x| < 2. */
    private static float cubicFar(float x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }

    /** Legacy 'nearest': output i reads min(floor(i · fp32(in/out)), in − 1). */
    public static int[] nearestIndices(int in, int out) {
        float scale = (float) in / out;
        int[] index = new int[out];
        for (int i = 0; i < out; i++) {
            index[i] = Math.min((int) Math.floor(i * scale), in - 1);
        }
        return index;
    }

    /** (N, C, H, W) -> (N, C, outH, outW) by legacy nearest. */
    public static NDArray nearest(NDArray x, int outH, int outW) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray rows = Constants.of(m, selection(nearestIndices((int) s.get(2), outH), (int) s.get(2)),
                new Shape(outH, s.get(2)));
        NDArray cols = Constants.of(m, selection(nearestIndices((int) s.get(3), outW), (int) s.get(3)),
                new Shape(outW, s.get(3)));
        return rows.matMul(x).matMul(cols.transpose());
    }

    private static float[] selection(int[] index, int in) {
        float[] w = new float[index.length * in];
        for (int i = 0; i < index.length; i++) {
            w[i * in + index[i]] = 1;
        }
        return w;
    }

    /**
     * VideoMAE's position table for a clip of {@code frames} frames: the (1, T0·H·W, D) table viewed as
     * (D, T0, H, W) and stretched along time by scale (frames/2 + 0.1)/T0 with linear interpolation
     * (align_corners False, source clamped below at 0), giving frames/2 temporal positions.
     */
    public static NDArray positionTable(NDArray table, int temporal, int frames) {
        long spatial = table.getShape().get(1) / temporal;
        long dim = table.getShape().get(2);
        double t0 = frames / 2 + 0.1;
        int out = (int) Math.floor(temporal * (t0 / temporal));
        float[] w = new float[out * temporal];
        // torch maps coordinates with the given scale factor, in float32.
        float step = (float) (1.0 / (t0 / temporal));
        for (int i = 0; i < out; i++) {
            float src = Math.max(0f, step * (i + 0.5f) - 0.5f);
            int lo = (int) src;
            int hi = Math.min(lo + 1, temporal - 1);
            float frac = src - lo;
            w[i * temporal + lo] += 1 - frac;
            w[i * temporal + hi] += frac;
        }
        NDArray time = Constants.of(table.getManager(), w, new Shape(out, temporal));
        NDArray grid = table.reshape(temporal, spatial * dim);
        return time.matMul(grid).reshape(1, out * spatial, dim);
    }
}
