package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import io.lipsync.image.Affine;
import io.lipsync.image.AffineWarp;
import io.lipsync.face.FaceAligner;
import io.lipsync.face.FaceRestorer;
import io.lipsync.face.MouthMask;
import io.lipsync.image.Planar;
import io.lipsync.face.Point;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.pipeline.FrameSchedule;

/** Runners for the face and video kinds: alignment, warp, paste-back, mask resize, ping-pong frame order. */
final class FaceCases {
    private FaceCases() {}

    static CaseOutputs align(ParityCase c, Fixtures f, NDManager m) {
        Tensor landmarks = f.input(c, "landmarks3");
        int frames = (int) landmarks.shape()[0];
        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            if (!key.startsWith("affine_")) {
                continue;
            }
            int resolution = Integer.parseInt(key.substring("affine_".length()));
            FaceAligner aligner = new FaceAligner(resolution);
            float[] matrices = new float[frames * 6];
            for (int i = 0; i < frames; i++) {
                System.arraycopy(aligner.align(points(landmarks, i)).toFloats(), 0, matrices, i * 6, 6);
            }
            out.put(key, Tensor.of(matrices, frames, 2, 3));
            out.put("template_" + resolution, template(aligner));
            out.put("face_size_" + resolution, Tensor.of(new float[] {aligner.cropWidth(), aligner.cropHeight()}, 2));
        }
        return out;
    }

    static CaseOutputs faceWarp(ParityCase c, Fixtures f, NDManager m) throws Exception {
        int resolution = c.configInt("resolution", 256);
        Rgb frame = Images.rgb(f.path(c.input("frame_png")));
        FaceAligner aligner = new FaceAligner(resolution);
        Affine affine = aligner.align(points(f.input(c, "landmarks3"), 0));
        Rgb crop = AffineWarp.warp(frame, affine, aligner.cropHeight(), aligner.cropWidth(), 127f)
                .truncateToRgb();
        return new CaseOutputs()
                .put("affine", Tensor.of(affine.toFloats(), 2, 3))
                .put("crop_png", Images.tensor(crop))
                .put("crop_resized_png", Images.tensor(Resize.lanczos(crop, resolution, resolution)))
                .put("face_size", Tensor.of(new float[] {aligner.cropWidth(), aligner.cropHeight()}, 2))
                .put("template", template(aligner));
    }

    static CaseOutputs faceRestore(ParityCase c, Fixtures f, NDManager m) throws Exception {
        Rgb frame = Images.rgb(f.path(c.input("frame_png")));
        Planar crop = Planar.fromRgb(Images.rgb(f.path(c.input("crop_resized_png"))));
        float[] g = new float[crop.data().length];
        for (int i = 0; i < g.length; i++) {
            g[i] = 1f - crop.data()[i] / 127.5f;
        }
        var box = c.config().getAsJsonArray("box");
        int height = box.get(3).getAsInt() - box.get(1).getAsInt();
        int width = box.get(2).getAsInt() - box.get(0).getAsInt();
        Planar resized = Resize.bicubicAntialias(new Planar(3, crop.height(), crop.width(), g), height, width);
        Affine affine = Affine.of(f.input(c, "affine").data());
        return new CaseOutputs()
                .put("generated_resized", Tensor.of(resized.data(), 3, height, width))
                .put("restored_png", Images.tensor(FaceRestorer.restore(frame, resized, affine)));
    }

    static CaseOutputs maskResize(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            int resolution = Integer.parseInt(key.substring("mask_".length()));
            int channels = (int) f.golden(c, key).shape()[2];
            float[] mask = MouthMask.load(resolution);
            float[] pixels = new float[mask.length * channels];
            for (int i = 0; i < mask.length; i++) {
                for (int ch = 0; ch < channels; ch++) {
                    pixels[i * channels + ch] = Math.round(mask[i] * 255f);
                }
            }
            out.put(key, Tensor.of(pixels, resolution, resolution, channels));
        }
        return out;
    }

    static CaseOutputs loopVideo(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (JsonElement pair : c.inputs().getAsJsonArray("pairs_video_windows")) {
            int video = pair.getAsJsonArray().get(0).getAsInt();
            int windows = pair.getAsJsonArray().get(1).getAsInt();
            int[] order = windows > video ? FrameSchedule.pingPong(video, windows) : FrameSchedule.pingPong(windows,
                    windows);
            float[] values = new float[order.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = order[i];
            }
            out.put("source_frame_v" + video + "_w" + windows, Tensor.of(values, values.length));
        }
        return out;
    }

    private static Point[] points(Tensor landmarks, int frame) {
        float[] d = landmarks.data();
        int o = frame * 6;
        return new Point[] {new Point(d[o], d[o + 1]), new Point(d[o + 2], d[o + 3]), new Point(d[o + 4], d[o + 5])};
    }

    private static Tensor template(FaceAligner aligner) {
        Point[] t = aligner.template();
        return Tensor.of(new float[] {(float) t[0].x(), (float) t[0].y(), (float) t[1].x(), (float) t[1].y(),
                (float) t[2].x(), (float) t[2].y()}, 3, 2);
    }
}
