package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.data.SourceCheck;
import io.lipsync.data.Cuts;
import io.lipsync.data.UpstreamSteps;
import io.lipsync.media.Keyframes;
import io.lipsync.media.FrameRate;
import io.lipsync.media.MediaProbe;
import io.lipsync.media.VideoDecoder;
import io.lipsync.shots.ShotDetector;
import io.lipsync.util.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's steps 1-4 at the file level ({@code pipeline}). Which behaviour each check holds:
 * <ul>
 * <li>step 1's decisions: ours (the default and upstream-compatible agree), exact;
 * <li>step 2's branch (copy at exactly 25 fps, else re-encode): {@link UpstreamSteps}, exact;
 * <li>step 2's frame map: the default decoder against the fixture's lag-free {@code fps} filter reference,
 *     exact; the upstream-compatible {@code -r 25} (the bundled ffmpeg) on frame count and median lag, since
 *     FFmpeg builds drop different single frames (the fixture's own 5.1 and 7.0 differ);
 * <li>step 3 on upstream-compatible resampled files: frames decoded (+-1, another encoder), cuts and shots;
 * <li>step 4 on the fixture's stored shot files: their keyframes and the segment muxer's cuts, exact.
 * </ul>
 * Upstream's re-run scheduling (steps 3 and 4 redone on every run) is a defect the default does not have and
 * no mode reproduces; it is not compared.
 */
final class PipelineCases {
    private PipelineCases() {}

    static CaseOutputs pipeline(ParityCase c, Fixtures f, NDManager m) throws Exception {
        JsonObject e = JsonParser.parseString(Files.readString(f.path(c.output("expected")))).getAsJsonObject();
        CaseOutputs out = new CaseOutputs().selector("expected");
        Tolerance exact = new Tolerance(0, 0, 0, Map.of());
        Path raw = f.path(c.input("file"));
        Path work = Files.createTempDirectory("pipeline-case");
        try {
            stepOne(e, raw, out, exact);
            stepTwoBranch(e, raw, out, exact);
            frameMaps(e, f.path(c.input("fps_map_clips")), work, out, exact);
            stepThree(e, raw, work, out, exact);
            stepFour(e, f.path(c.input("shot_files")), out, exact);
        } finally {
            FileTrees.delete(work);
        }
        return out;
    }

    private static void stepOne(JsonObject e, Path raw, CaseOutputs out, Tolerance exact) {
        Map<String, JsonElement> files = new TreeMap<>(e.getAsJsonObject("step1_remove_broken").asMap());
        float[] got = new float[files.size()];
        float[] want = new float[files.size()];
        int i = 0;
        for (Map.Entry<String, JsonElement> file : files.entrySet()) {
            got[i] = SourceCheck.brokenReason(raw.resolve(file.getKey())).isPresent() ? 1 : 0;
            want[i++] = file.getValue().getAsJsonObject().get("deleted").getAsBoolean() ? 1 : 0;
        }
        out.compare("step 1 deleted " + files.keySet(), vector(got), vector(want), exact);
    }

    private static void stepTwoBranch(JsonObject e, Path raw, CaseOutputs out, Tolerance exact) {
        for (Map.Entry<String, JsonElement> file : new TreeMap<>(e.getAsJsonObject("step2_resample").asMap()).entrySet()) {
            String branch = UpstreamSteps.resampleBranch(MediaProbe.probe(raw.resolve(file.getKey())).fps());
            String want = file.getValue().getAsJsonObject().get("branch").getAsString();
            out.compare("step 2 branch " + file.getKey() + " (" + want + ")", Tensor.scalar(branch.equals(want) ? 1 : 0),
                    Tensor.scalar(1), exact);
        }
    }

    private static void frameMaps(JsonObject e, Path clips, Path work, CaseOutputs out, Tolerance exact) {
        for (Map.Entry<String, JsonElement> clip : new TreeMap<>(e.getAsJsonObject("step2_frame_map").asMap()).entrySet()) {
            JsonObject x = clip.getValue().getAsJsonObject();
            Path source = clips.resolve(clip.getKey());
            List<Integer> lagFree = sourceIndices(source, VideoDecoder::decode);
            out.compare(clip.getKey() + " default frame map (fps filter)", ints(lagFree),
                    ints(x.getAsJsonObject("fps_filter_reference").getAsJsonArray("source_frame_per_output_frame")),
                    exact);
            double fps = FrameRate.parse(x.get("source_fps").getAsString());
            Path resampled = work.resolve("r25-" + clip.getKey());
            UpstreamSteps.resample(source, resampled, fps);
            List<Integer> upstream = sourceIndices(resampled, VideoDecoder::decodeInOrder);
            out.compare(clip.getKey() + " upstream-compatible -r 25 frames", Tensor.scalar(upstream.size()),
                    Tensor.scalar(x.get("output_frames").getAsFloat()), new Tolerance(0, 1, 0, Map.of()));
            out.compare(clip.getKey() + " upstream-compatible -r 25 median lag (s)",
                    Tensor.scalar((float) medianLag(upstream, fps)),
                    Tensor.scalar(x.get("median_video_lag_seconds").getAsFloat()), new Tolerance(0, 0.02, 0, Map.of()));
        }
    }

    private static void stepThree(JsonObject e, Path raw, Path work, CaseOutputs out, Tolerance exact) {
        for (Map.Entry<String, JsonElement> file : new TreeMap<>(e.getAsJsonObject("step3_shots").asMap()).entrySet()) {
            JsonObject x = file.getValue().getAsJsonObject();
            Path source = raw.resolve(file.getKey());
            Path resampled = work.resolve("resampled-" + file.getKey());
            UpstreamSteps.resample(source, resampled, MediaProbe.probe(source).fps());
            ShotDetector detector = new ShotDetector(ShotDetector.Settings.upstream());
            VideoDecoder.decodeInOrder(resampled, detector::accept);
            ShotDetector.Shots shots = detector.finish();
            out.compare("step 3 " + file.getKey() + " frames decoded", Tensor.scalar(shots.contentVal().length),
                    Tensor.scalar(x.get("frames_decoded").getAsFloat()), new Tolerance(0, 1, 0, Map.of()));
            out.compare("step 3 " + file.getKey() + " cuts", ints(shots.cuts()), ints(x.getAsJsonArray("cuts")), exact);
            List<Integer> starts = shots.scenes().stream().map(s -> s[0]).toList();
            List<Integer> wantStarts = new ArrayList<>();
            x.getAsJsonArray("scenes").forEach(s -> wantStarts.add(s.getAsJsonArray().get(0).getAsInt()));
            out.compare("step 3 " + file.getKey() + " shot starts", ints(starts), ints(wantStarts), exact);
        }
    }

    private static void stepFour(JsonObject e, Path shotFiles, CaseOutputs out, Tolerance exact) {
        for (Map.Entry<String, JsonElement> file : new TreeMap<>(e.getAsJsonObject("step4_segments").asMap()).entrySet()) {
            JsonObject x = file.getValue().getAsJsonObject();
            Path shot = shotFiles.resolve(file.getKey());
            List<Double> times = Keyframes.times(shot);
            float[] wantTimes = floats(x.getAsJsonArray("keyframes"));
            float[] gotTimes = new float[times.size()];
            for (int i = 0; i < gotTimes.length; i++) {
                gotTimes[i] = times.get(i).floatValue();
            }
            out.compare("step 4 " + file.getKey() + " keyframes (s)", vector(gotTimes), vector(wantTimes),
                    new Tolerance(0, 1e-3, 0, Map.of()));
            int[] frames = {0};
            VideoDecoder.decode(shot, rgb -> frames[0]++);
            List<Integer> keyframes = times.stream().map(t -> (int) Math.round(t * VideoDecoder.FPS)).toList();
            List<Cuts.Span> cuts = UpstreamSteps.keyframeCuts(keyframes, frames[0]);
            List<Integer> got = new ArrayList<>();
            cuts.forEach(s -> got.addAll(List.of(s.start(), s.length())));
            List<Integer> want = new ArrayList<>();
            x.getAsJsonArray("segments").forEach(s -> want.addAll(List.of(
                    s.getAsJsonObject().get("first_frame_in_shot").getAsInt(), s.getAsJsonObject().get("frames").getAsInt())));
            out.compare("step 4 " + file.getKey() + " segments (first frame, frames)", ints(got), ints(want), exact);
        }
    }

    /** The source frame each output frame shows: the fixture's clips code the index in their luma, mod 110. */
    private static List<Integer> sourceIndices(Path clip,
            java.util.function.BiConsumer<Path, java.util.function.Consumer<io.lipsync.image.Rgb>> decoder) {
        List<Integer> out = new ArrayList<>();
        decoder.accept(clip, rgb -> {
            double luma = 0;
            byte[] p = rgb.pixels();
            for (int i = 0; i < p.length; i += 3) {
                luma += 0.299 * (p[i] & 0xff) + 0.587 * (p[i + 1] & 0xff) + 0.114 * (p[i + 2] & 0xff);
            }
            // Full-range luma back to the limited-range Y the clip was written with: index = (Y - 16) / 2.
            out.add((int) Math.round(luma / (p.length / 3) * 219 / 255 / 2) % 110);
        });
        return out;
    }

    /** The median of (output time - shown source frame's time), with the index's wrap at 110 undone. */
    private static double medianLag(List<Integer> indices, double fps) {
        double[] lags = new double[indices.size()];
        int wraps = 0;
        int previous = -1;
        for (int i = 0; i < indices.size(); i++) {
            int index = indices.get(i);
            if (index < previous - 55) {
                wraps++;
            }
            previous = index;
            lags[i] = i / (double) VideoDecoder.FPS - (index + 110 * wraps) / fps;
        }
        Arrays.sort(lags);
        int n = lags.length;
        return n % 2 == 1 ? lags[n / 2] : (lags[n / 2 - 1] + lags[n / 2]) / 2;
    }

    private static Tensor ints(List<Integer> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return vector(out);
    }

    private static Tensor ints(JsonArray a) {
        return vector(floats(a));
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    private static Tensor vector(float[] v) {
        return Tensor.of(v, v.length);
    }
}
