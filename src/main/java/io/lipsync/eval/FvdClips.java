package io.lipsync.eval;

import io.lipsync.model.i3d.I3dFeatures;
import io.lipsync.face.FaceBox;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FVD's input as upstream's eval_fvd builds it: frames 20 to 35 of a video, each cut to the face's box and
 * resized to 224 px (OpenCV area), values in [0, 1], as one (3, 16, 224, 224) clip. Upstream takes that one
 * clip per video; {@code every} takes every 16 frames from frame 20 on, so one video gives a set of its own.
 * A clip with a frame without a face is left out (upstream's evaluation stops there).
 */
public final class FvdClips {
    public static final int FIRST_FRAME = 20;

    /** The clips, and how many were left out for a missing face. */
    public record Clips(List<float[]> clips, int withoutFace) {}

    private FvdClips() {}

    public static Clips of(Path video, FaceBoxDetector faces, boolean every) {
        List<float[]> clips = new ArrayList<>();
        int[] state = {0, 0}; // frame index, clips left out
        float[][] current = {null};
        boolean[] faceless = {false};
        int plane = I3dFeatures.SIZE * I3dFeatures.SIZE;
        VideoDecoder.decode(video, rgb -> {
            int f = state[0]++;
            int k = f - FIRST_FRAME;
            if (k < 0 || (!every && k >= I3dFeatures.FRAMES)) {
                return;
            }
            int t = k % I3dFeatures.FRAMES;
            if (t == 0) {
                current[0] = new float[3 * I3dFeatures.FRAMES * plane];
                faceless[0] = false;
            }
            List<FaceBox> found = faces.detect(rgb);
            if (found.isEmpty()) {
                faceless[0] = true;
            } else {
                byte[] face = crop(rgb, found.get(0));
                for (int c = 0; c < 3; c++) {
                    int base = (c * I3dFeatures.FRAMES + t) * plane;
                    for (int p = 0; p < plane; p++) {
                        current[0][base + p] = (face[p * 3 + c] & 0xff) / 255f;
                    }
                }
            }
            if (t == I3dFeatures.FRAMES - 1) {
                if (faceless[0]) {
                    state[1]++;
                } else {
                    clips.add(current[0]);
                }
                current[0] = null;
            }
        });
        return new Clips(clips, state[1]);
    }

    /** The box's pixels (corners truncated to integers, clamped to the frame) resized to 224 x 224. */
    private static byte[] crop(Rgb frame, FaceBox box) {
        int x0 = Math.max(0, (int) box.x1());
        int y0 = Math.max(0, (int) box.y1());
        int x1 = Math.min(frame.width(), x0 + (int) (box.x2() - box.x1()));
        int y1 = Math.min(frame.height(), y0 + (int) (box.y2() - box.y1()));
        int w = Math.max(1, x1 - x0);
        int h = Math.max(1, y1 - y0);
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            System.arraycopy(frame.pixels(), ((y0 + y) * frame.width() + x0) * 3, out, y * w * 3, w * 3);
        }
        return Resize.area(out, w, h, I3dFeatures.SIZE, I3dFeatures.SIZE);
    }
}
