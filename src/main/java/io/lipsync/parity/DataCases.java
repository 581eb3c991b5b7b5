package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.data.OffsetCorrection;
import io.lipsync.shots.ShotDetector;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** Runners for the data pipeline's kinds: shot detection, A/V offset correction. */
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

    /**
     * The shift between a flash and a beep, measured as the fixture measures it, in the source, in upstream's
     * stream-copy shifted and restored files (so the audio must be placed by its timestamps), and after our
     * own correction of the source by av_offset and of that result by -av_offset.
     */
    static CaseOutputs offsetCorrection(ParityCase c, Fixtures f, NDManager m) throws Exception {
        JsonObject expected = JsonParser.parseString(Files.readString(f.path(c.output("expected")))).getAsJsonObject();
        JsonObject measured = expected.getAsJsonObject("measurements");
        int avOffset = c.config().get("av_offset").getAsInt();
        float threshold = c.config().get("onset_threshold_int16").getAsFloat() / 32768f;
        CaseOutputs out = new CaseOutputs().selector("shifted").selector("restored").selector("expected");
        FlashBeep src = FlashBeep.of(f.path(c.input("file")), threshold);
        out.compare("src shift", Tensor.scalar((float) src.shift(OffsetCorrection.NONE)), golden(measured, "src"));
        for (String file : List.of("shifted", "restored")) {
            out.compare(file + " shift", Tensor.scalar((float) FlashBeep.of(f.path(c.output(file)), threshold)
                    .shift(OffsetCorrection.NONE)), golden(measured, file));
        }
        OffsetCorrection delay = OffsetCorrection.of(avOffset);
        out.compare("src corrected by av_offset", Tensor.scalar((float) src.shift(delay)), golden(measured, "shifted"));
        FlashBeep corrected = src.corrected(delay);
        out.compare("that corrected by -av_offset",
                Tensor.scalar((float) corrected.shift(OffsetCorrection.of(-avOffset))), golden(measured, "restored"));
        return out;
    }

    private static Tensor golden(JsonObject measured, String file) {
        return Tensor.scalar(measured.getAsJsonObject(file).get("shift_frames_timestamp_aligned").getAsFloat());
    }

    /** Where a clip's brightest frame is and where its beep starts (in samples from video frame 0). */
    private record FlashBeep(int flash, int onset) {
        static FlashBeep of(java.nio.file.Path clip, float threshold) {
            double[] best = {-1, -1};
            int[] index = {0};
            VideoDecoder.decode(clip, rgb -> {
                double sum = 0;
                for (byte b : rgb.pixels()) {
                    sum += b & 0xff;
                }
                if (sum > best[0]) {
                    best[0] = sum;
                    best[1] = index[0];
                }
                index[0]++;
            });
            float[] audio = AudioDecoder.decode(clip);
            int onset = 0;
            while (onset < audio.length && Math.abs(audio[onset]) <= threshold) {
                onset++;
            }
            return new FlashBeep((int) best[1], onset);
        }

        /** The same clip after {@code correction}: its leading frames or samples skipped. */
        FlashBeep corrected(OffsetCorrection correction) {
            return new FlashBeep(flash - correction.videoFrames(), onset - correction.firstSample());
        }

        /** Beep onset minus flash, in frames, after {@code correction}. */
        double shift(OffsetCorrection correction) {
            FlashBeep c = corrected(correction);
            return c.onset / (double) AudioDecoder.SAMPLES_PER_FRAME - c.flash;
        }
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
