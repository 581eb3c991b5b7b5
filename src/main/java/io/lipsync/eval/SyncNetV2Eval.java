package io.lipsync.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.Mfcc;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.syncnetv2.LipAudioEmbedding;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.util.Stopping;
import java.util.List;

/**
 * SyncNet-v2's verdict on one face track (syncnet_python's evaluate, which upstream's evaluation and data
 * filter call): embeddings of every five-frame lip window and of the MFCC window beside it, then the offset
 * search of {@link SyncOffset}. The frames of the last window are never used (upstream stops five frames
 * before the end).
 */
public record SyncNetV2Eval(LipAudioEmbedding net, NDManager manager) {
    /** Windows per forward pass, as upstream batches them. */
    public static final int BATCH = 20;
    /** MFCC steps per video frame (100 per second against 25). */
    private static final int MFCC_PER_FRAME = 4;

    /** {@code net}: SyncNet-v2 (or any net with its inputs). */

    /**
     * {@code crops}: the track's 224 px crops, one per frame; {@code audio}: 16 kHz samples starting at the
     * first crop's time. Null when the track is too short for one window.
     */
    public SyncOffset evaluate(List<Rgb> crops, float[] audio) {
        int minLength = Math.min(crops.size(), audio.length / AudioDecoder.SAMPLES_PER_FRAME);
        int windows = minLength - SyncNetV2.FRAMES;
        if (windows <= 0) {
            return null;
        }
        double[][] mfcc = Mfcc.compute(int16(audio));
        float[][] lips = new float[windows][];
        float[][] sound = new float[windows][];
        for (int start = 0; start < windows; start += BATCH) {
            Stopping.check();
            int n = Math.min(BATCH, windows - start);
            try (NDManager batch = manager.newSubManager()) {
                NDArray lip = net.lip(batch.create(lipWindows(crops, start, n),
                        new Shape(n, 3, SyncNetV2.FRAMES, SyncNetV2.SIZE, SyncNetV2.SIZE)));
                NDArray aud = net.audio(batch.create(mfccWindows(mfcc, start, n),
                        new Shape(n, 1, Mfcc.COEFFICIENTS, SyncNetV2.MFCC_STEPS)));
                copyRows(lip, lips, start);
                copyRows(aud, sound, start);
            }
        }
        return SyncOffset.of(lips, sound);
    }

    /** Windows [start, start + n) of five frames as (n, 3, 5, 224, 224): BGR, 0..255, as OpenCV reads them. */
    private static float[] lipWindows(List<Rgb> crops, int start, int n) {
        int plane = SyncNetV2.SIZE * SyncNetV2.SIZE;
        int perWindow = 3 * SyncNetV2.FRAMES * plane;
        float[] out = new float[n * perWindow];
        for (int w = 0; w < n; w++) {
            for (int t = 0; t < SyncNetV2.FRAMES; t++) {
                byte[] rgb = crops.get(start + w + t).pixels();
                for (int c = 0; c < 3; c++) {
                    int base = w * perWindow + (c * SyncNetV2.FRAMES + t) * plane;
                    int from = 2 - c;
                    for (int p = 0; p < plane; p++) {
                        out[base + p] = rgb[p * 3 + from] & 0xff;
                    }
                }
            }
        }
        return out;
    }

    /** MFCC columns [4i, 4i + 20) for windows i in [start, start + n): (n, 1, 13, 20). */
    private static float[] mfccWindows(double[][] mfcc, int start, int n) {
        int per = Mfcc.COEFFICIENTS * SyncNetV2.MFCC_STEPS;
        float[] out = new float[n * per];
        for (int w = 0; w < n; w++) {
            for (int c = 0; c < Mfcc.COEFFICIENTS; c++) {
                for (int t = 0; t < SyncNetV2.MFCC_STEPS; t++) {
                    int step = (start + w) * MFCC_PER_FRAME + t;
                    out[w * per + c * SyncNetV2.MFCC_STEPS + t] = step < mfcc.length ? (float) mfcc[step][c] : 0f;
                }
            }
        }
        return out;
    }

    private static void copyRows(NDArray a, float[][] into, int start) {
        float[] flat = a.toFloatArray();
        int d = (int) a.getShape().get(1);
        for (int r = 0; r < a.getShape().get(0); r++) {
            into[start + r] = java.util.Arrays.copyOfRange(flat, r * d, (r + 1) * d);
        }
    }

    /** The decoder's floats back to the int16 values the WAV file upstream reads would hold. */
    static short[] int16(float[] audio) {
        short[] out = new short[audio.length];
        for (int i = 0; i < audio.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(audio[i] * 32768f)));
        }
        return out;
    }
}
