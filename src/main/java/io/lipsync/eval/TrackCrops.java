package io.lipsync.eval;

import io.lipsync.face.FaceBox;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.model.syncnetv2.SyncNetV2;

/**
 * Upstream's crops of a face track for SyncNet-v2 (crop_video): the box's half-size and centre, each
 * median-filtered over 13 frames (scipy's medfilt, zero-padded, as upstream), give a square around the
 * mouth-heavy lower face: from {@code s} above the centre to {@code 1.8 s} below it and {@code 1.4 s} to
 * either side, taken from the frame padded with grey 110, resized to 224 px (OpenCV bilinear).
 */
public final class TrackCrops {
    private static final double CROP_SCALE = 0.4;
    private static final int SMOOTHING = 13;
    private static final int PAD_VALUE = 110;

    private final FaceTrack track;
    private final double[] size;
    private final double[] cx;
    private final double[] cy;

    public TrackCrops(FaceTrack track) {
        this.track = track;
        int n = track.frames();
        double[] s = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            FaceBox b = track.boxes().get(i);
            s[i] = Math.max(b.y2() - b.y1(), b.x2() - b.x1()) / 2;
            y[i] = (b.y1() + b.y2()) / 2;
            x[i] = (b.x1() + b.x2()) / 2;
        }
        size = SyncOffset.medfilt(s, SMOOTHING);
        cx = SyncOffset.medfilt(x, SMOOTHING);
        cy = SyncOffset.medfilt(y, SMOOTHING);
    }

    public FaceTrack track() {
        return track;
    }

    /** The crop of video frame {@code frame} (inside the track), 224 x 224. */
    public Rgb crop(int frame, Rgb image) {
        int i = frame - track.firstFrame();
        double bs = size[i];
        int pad = (int) (bs * (1 + 2 * CROP_SCALE));
        double my = cy[i] + pad;
        double mx = cx[i] + pad;
        int paddedH = image.height() + 2 * pad;
        int paddedW = image.width() + 2 * pad;
        int top = Math.max(0, (int) (my - bs));
        int bottom = Math.min(paddedH, (int) (my + bs * (1 + 2 * CROP_SCALE)));
        int left = Math.max(0, (int) (mx - bs * (1 + CROP_SCALE)));
        int right = Math.min(paddedW, (int) (mx + bs * (1 + CROP_SCALE)));
        int h = Math.max(1, bottom - top);
        int w = Math.max(1, right - left);
        byte[] out = new byte[h * w * 3];
        for (int r = 0; r < h; r++) {
            int sy = top + r - pad;
            for (int c = 0; c < w; c++) {
                int sx = left + c - pad;
                boolean inside = sy >= 0 && sy < image.height() && sx >= 0 && sx < image.width();
                for (int k = 0; k < 3; k++) {
                    out[(r * w + c) * 3 + k] = inside ? image.pixels()[(sy * image.width() + sx) * 3 + k] : (byte) PAD_VALUE;
                }
            }
        }
        return new Rgb(SyncNetV2.SIZE, SyncNetV2.SIZE, Resize.linear(out, w, h, SyncNetV2.SIZE, SyncNetV2.SIZE));
    }
}
