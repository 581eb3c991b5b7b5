package io.lipsync.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.image.Rgb;
import io.lipsync.model.hyperiqa.HyperIqa;
import java.util.List;

/**
 * Upstream's visual quality score of a clip (filter_visual_quality): HyperIQA on its first, middle and last
 * frames (values / 255, centre-cropped to 224 px, ImageNet-normalised), averaged. Upstream keeps a clip
 * scoring at least {@link #UPSTREAM_THRESHOLD}.
 */
public final class VisualQuality {
    public static final double UPSTREAM_THRESHOLD = 40;
    private static final int CROP = 224;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final HyperIqa net;
    private final NDManager manager;

    public VisualQuality(HyperIqa net, NDManager manager) {
        this.net = net;
        this.manager = manager;
    }

    /** The clip's score from its frames (at least 224 px each side). */
    public double score(List<Rgb> frames) {
        List<Rgb> picked = List.of(frames.get(0), frames.get(frames.size() / 2), frames.get(frames.size() - 1));
        int plane = CROP * CROP;
        float[] input = new float[picked.size() * 3 * plane];
        for (int i = 0; i < picked.size(); i++) {
            Rgb f = picked.get(i);
            if (f.width() < CROP || f.height() < CROP) {
                throw new IllegalArgumentException("frames of " + f.width() + "x" + f.height() + " are smaller than "
                        + CROP + " px");
            }
            // torchvision's CenterCrop: the offset rounded half to even, as Python's round().
            int top = (int) Math.rint((f.height() - CROP) / 2.0);
            int left = (int) Math.rint((f.width() - CROP) / 2.0);
            for (int y = 0; y < CROP; y++) {
                for (int x = 0; x < CROP; x++) {
                    for (int c = 0; c < 3; c++) {
                        float v = (f.pixels()[((top + y) * f.width() + left + x) * 3 + c] & 0xff) / 255f;
                        input[(i * 3 + c) * plane + y * CROP + x] = (v - MEAN[c]) / STD[c];
                    }
                }
            }
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray scores = net.forward(m.create(input, new Shape(picked.size(), 3, CROP, CROP)));
            return scores.mean().getFloat();
        }
    }
}
