package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.data.ShotDetector;
import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Runners for the data pipeline's kinds: shot detection. */
final class DataCases {
    private DataCases() {}

    /**
     * Each clip through the shot detector (per-frame scores, adaptive ratios, cuts, shots), and the scores of
     * the stored detector-input PNGs, which isolate the scoring from the decoder.
     */
    static CaseOutputs shotDetect(ParityCase c, Fixtures f, NDManager m) throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(f.path(c.output("expected")))).getAsJsonObject();
        Tolerance t = c.tolerance();
        Tolerance scores = new Tolerance(t.rtol(), t.atol(), 0, Map.of());
        Tolerance ratios = new Tolerance(t.named("adaptive_ratio_rtol", t.rtol()), t.named("adaptive_ratio_atol", t.atol()),
                0, Map.of());
        Tolerance exact = new Tolerance(0, t.named("cuts_atol", 0), 0, Map.of());
        Tolerance png = new Tolerance(0, t.named("png_content_val_atol", t.atol()), 0, Map.of());
        CaseOutputs out = new CaseOutputs().selector("expected");
        for (String clip : c.config().getAsJsonObject("clips").keySet()) {
            ShotDetector detector = new ShotDetector(ShotDetector.Settings.upstream());
            VideoDecoder.decode(f.path(c.input("clip_" + clip)), detector::accept);
            ShotDetector.Shots shots = detector.finish();
            out.compare(clip + "_content_val", vector(shots.contentVal()), f.golden(c, clip + "_content_val"), scores);
            out.compare(clip + "_delta_hsv", matrix(shots.deltaHsv()), f.golden(c, clip + "_delta_hsv"), scores);
            out.compare(clip + "_adaptive_ratio", vector(shots.adaptiveRatio()), f.golden(c, clip + "_adaptive_ratio"),
                    ratios);
            float[] cuts = new float[Math.max(1, shots.cuts().size())];
            cuts[0] = -1;
            for (int i = 0; i < shots.cuts().size(); i++) {
                cuts[i] = shots.cuts().get(i);
            }
            out.compare(clip + "_cuts", Tensor.of(cuts, cuts.length), f.golden(c, clip + "_cuts"), exact);
            JsonArray scenes = expected.getAsJsonObject("clips").getAsJsonObject(clip).getAsJsonArray("scenes");
            float[] got = new float[shots.scenes().size() * 2];
            float[] want = new float[scenes.size() * 2];
            for (int i = 0; i < shots.scenes().size(); i++) {
                got[2 * i] = shots.scenes().get(i)[0];
                got[2 * i + 1] = shots.scenes().get(i)[1];
            }
            for (int i = 0; i < scenes.size(); i++) {
                want[2 * i] = scenes.get(i).getAsJsonArray().get(0).getAsFloat();
                want[2 * i + 1] = scenes.get(i).getAsJsonArray().get(1).getAsFloat();
            }
            out.compare(clip + " scenes", Tensor.of(got, got.length), Tensor.of(want, want.length), exact);
            List<String> pngs = expected.getAsJsonObject("clips").getAsJsonObject(clip).getAsJsonArray("png_frames")
                    .asList().stream().map(e -> e.getAsString()).toList();
            double[] pngScores = new double[pngs.size()];
            Rgb previous = null;
            for (int i = 0; i < pngs.size(); i++) {
                Rgb image = Images.rgb(f.path(pngs.get(i)));
                if (previous != null) {
                    pngScores[i] = ShotDetector.score(previous, image);
                }
                previous = image;
            }
            out.compare(clip + "_png_content_val", vector(pngScores), f.golden(c, clip + "_png_content_val"), png);
        }
        return out;
    }

    private static Tensor vector(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return Tensor.of(out, out.length);
    }

    private static Tensor matrix(double[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                out[i * rows[i].length + j] = (float) rows[i][j];
            }
        }
        return new Tensor(out, new long[] {rows.length, rows[0].length});
    }
}
