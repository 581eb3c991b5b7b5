package io.lipsync.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import io.lipsync.model.inception.FidInception;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FID's image features of videos: every {@code every}-th frame, whole, through the FID Inception (resized to
 * 299 px inside it), in small batches so a long video is never held whole.
 */
public record FidFeatures(FidInception net, NDManager manager, int every) {
    private static final int BATCH = 8;

    public FidFeatures {
        every = Math.max(1, every);
    }

    /** One row of 2048 features per sampled frame of every video. */
    public float[][] of(List<Path> videos) {
        List<float[]> rows = new ArrayList<>();
        for (Path video : videos) {
            List<Rgb> batch = new ArrayList<>();
            int[] index = {0};
            VideoDecoder.decode(video, rgb -> {
                if (index[0]++ % every == 0) {
                    batch.add(rgb);
                    if (batch.size() == BATCH) {
                        rows.addAll(run(batch));
                        batch.clear();
                    }
                }
            });
            if (!batch.isEmpty()) {
                rows.addAll(run(batch));
            }
        }
        return rows.toArray(new float[0][]);
    }

    private List<float[]> run(List<Rgb> frames) {
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        int plane = w * h;
        float[] input = new float[frames.size() * 3 * plane];
        for (int i = 0; i < frames.size(); i++) {
            byte[] p = frames.get(i).pixels();
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < plane; k++) {
                    input[(i * 3 + c) * plane + k] = (p[k * 3 + c] & 0xff) / 255f;
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            float[] flat = net.features(m.create(input, new Shape(frames.size(), 3, h, w))).toFloatArray();
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                out.add(java.util.Arrays.copyOfRange(flat, i * FidInception.FEATURES, (i + 1) * FidInception.FEATURES));
            }
            return out;
        }
    }
}
