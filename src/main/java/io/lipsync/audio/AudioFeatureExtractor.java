package io.lipsync.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.whisper.WhisperEncoder;

/**
 * LatentSync's audio conditioning: the log-mel is cut into 30 s windows (3000 frames, the last one
 * zero-padded), each encoded by Whisper; per window the stacked input embedding and block outputs are kept
 * for half its mel frames (50 rows per second). Video frame i at 25 fps then sees rows 2i-4 .. 2i+5.
 */
public final class AudioFeatureExtractor {
    public static final int WINDOW_MEL_FRAMES = 3000;
    private static final int ROWS_BEFORE = 4;
    private static final int ROWS_AFTER = 5;

    private final WhisperEncoder encoder;

    public AudioFeatureExtractor(WhisperEncoder encoder) {
        this.encoder = encoder;
    }

    /** log-mel (n_mels, T_mel) -> features (T_mel/2 summed per window, layers + 1, D) */
    public NDArray features(NDArray logMel) {
        long melFrames = logMel.getShape().get(1);
        NDList parts = new NDList();
        for (long seek = 0; seek < melFrames; seek += WINDOW_MEL_FRAMES) {
            long end = Math.min(seek + WINDOW_MEL_FRAMES, melFrames);
            long keep = (end - seek) / 2;
            long from = seek;
            parts.add(Ops.scoped(() -> {
                NDArray window = logMel.get(":, " + from + ":" + end);
                if (end - from < WINDOW_MEL_FRAMES) {
                    window = window.pad(new Shape(0, WINDOW_MEL_FRAMES - (end - from)), 0);
                }
                NDArray stacked = encoder.forward(window.expandDims(0)).get(0);
                return stacked.get(0).get(":" + keep);
            }));
        }
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
    }

    /** Number of 25 fps windows upstream makes from T feature rows: floor(T/2) + 2. */
    public static int windowCount(long rows) {
        return (int) (rows / 2 + 2);
    }

    /** The feature rows video frame i uses, clamped to the ends. */
    public static int[] windowRows(int frame, long rows) {
        int centre = frame * 2;
        int[] idx = new int[ROWS_BEFORE + ROWS_AFTER + 1];
        for (int j = 0; j < idx.length; j++) {
            idx[j] = (int) Math.max(0, Math.min(rows - 1, centre - ROWS_BEFORE + j));
        }
        return idx;
    }

    /** features (T, L, D) -> windows (windowCount(T), 10 * L, D) */
    public static NDArray frameWindows(NDArray features) {
        return frameWindows(features, 0, windowCount(features.getShape().get(0)));
    }

    /** windows for frames [from, to) -> (to - from, 10 * L, D) */
    public static NDArray frameWindows(NDArray features, int from, int to) {
        long rows = features.getShape().get(0);
        long layers = features.getShape().get(1);
        long dim = features.getShape().get(2);
        long[] index = new long[(to - from) * (ROWS_BEFORE + ROWS_AFTER + 1)];
        int p = 0;
        for (int i = from; i < to; i++) {
            for (int r : windowRows(i, rows)) {
                index[p++] = r;
            }
        }
        NDManager manager = features.getManager();
        return Ops.scoped(() -> features.get(manager.create(index))
                .reshape(to - from, (ROWS_BEFORE + ROWS_AFTER + 1) * layers, dim));
    }
}
