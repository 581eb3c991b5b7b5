package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.eval.ClipSync;
import io.lipsync.eval.FrechetDistance;
import io.lipsync.eval.SyncOffset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runners for the evaluation kinds: SyncNet-v2's offset and confidence. */
final class EvalCases {
    private EvalCases() {}

    /** SyncNet-v2's offset search on given embeddings: distances, their means, LSE-D, offset, LSE-C. */
    static CaseOutputs syncOffset(ParityCase c, Fixtures f, NDManager m) {
        SyncOffset r = SyncOffset.of(rows(f.input(c, "video_embeddings")), rows(f.input(c, "audio_embeddings")));
        return new CaseOutputs().put("dists", AudioCases.flat(r.dists()))
                .put("mean_dists", vector(r.meanDists())).put("min_dist", Tensor.scalar((float) r.minDist()))
                .put("minidx", Tensor.scalar(r.minIdx())).put("av_offset", Tensor.scalar(r.avOffset()))
                .put("conf", Tensor.scalar((float) r.conf())).put("fdist", vector(r.fdist()))
                .put("fconf", vector(r.fconf())).put("framewise_conf", vector(r.framewiseConf()));
    }

    private static float[][] rows(Tensor t) {
        int n = (int) t.shape()[0];
        int d = (int) t.shape()[1];
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.data(), i * d, out[i], 0, d);
        }
        return out;
    }

    private static Tensor vector(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return Tensor.of(out, out.length);
    }

    /**
     * eval/fvd.py's statistics and Fréchet distance per feature set; the distance is held to the case's
     * rule, 1e-7·trace_sum + 1e-6·|golden| of the float64 value.
     */
    static CaseOutputs frechet(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (var e : c.config().getAsJsonArray("sets")) {
            var set = e.getAsJsonObject();
            String k = set.get("set").getAsString();
            FrechetDistance.Stats fake = FrechetDistance.Stats.of(rows(f.input(c, k + "_fake")));
            FrechetDistance.Stats real = FrechetDistance.Stats.of(rows(f.input(c, k + "_real")));
            out.put(k + "_mu_fake", vector(fake.mu())).put(k + "_sigma_fake", AudioCases.flat(fake.sigma()));
            double golden = set.get("fvd_float64").getAsDouble();
            Tolerance rule = new Tolerance(1e-6, 1e-7 * set.get("trace_sum").getAsDouble(), 0, Map.of());
            out.selector(k + "_fvd").compare(k + "_fvd (against float64)",
                    Tensor.scalar((float) FrechetDistance.of(fake, real)), Tensor.scalar((float) golden), rule);
            out.compare(k + "_fvd from the features (against float64)", Tensor.scalar((float) FrechetDistance.of(
                    rows(f.input(c, k + "_fake")), rows(f.input(c, k + "_real")))), Tensor.scalar((float) golden), rule);
        }
        return out;
    }

    /** Per-clip aggregation of track results and the keep/shift/drop decision of upstream's sync filter. */
    static CaseOutputs syncFilter(ParityCase c, Fixtures f, NDManager m) throws Exception {
        JsonObject rules = JsonParser.parseString(Files.readString(f.path(c.input("file")))).getAsJsonObject();
        double threshold = rules.get("sync_conf_threshold").getAsDouble();
        int maxOffset = rules.get("max_abs_offset").getAsInt();
        int fps = rules.get("fps").getAsInt();
        CaseOutputs out = new CaseOutputs().selector("expected");
        int n = 0;
        for (var e : rules.getAsJsonArray("cases")) {
            JsonObject want = e.getAsJsonObject();
            List<ClipSync.Track> tracks = new ArrayList<>();
            for (var t : want.getAsJsonArray("tracks")) {
                JsonObject track = t.getAsJsonObject();
                tracks.add(new ClipSync.Track(track.get("av_offset").getAsInt(), track.get("min_dist").getAsDouble(),
                        track.get("conf").getAsDouble()));
            }
            Optional<ClipSync> clip = ClipSync.of(tracks);
            ClipSync.Action action = clip.map(s -> s.action(threshold, maxOffset)).orElse(ClipSync.Action.DROP);
            String key = "case " + n++ + " (" + want.get("title").getAsString() + ")";
            String wantAction = want.getAsJsonObject("action").get("action").getAsString();
            float[] got = {clip.isPresent() ? 1 : 0, action == ClipSync.Action.DROP ? 0 : 1,
                action == ClipSync.Action.COPY ? 0 : action == ClipSync.Action.SHIFT_AUDIO ? 1 : 2};
            float[] expected = {want.get("clip").isJsonNull() ? 0 : 1, want.get("kept").getAsBoolean() ? 1 : 0,
                wantAction.equals("copy") ? 0 : wantAction.equals("adjust_offset") ? 1 : 2};
            out.compare(key + ": found, kept, copy/shift/drop", Tensor.of(got, 3), Tensor.of(expected, 3));
            if (clip.isPresent()) {
                JsonObject wantClip = want.getAsJsonObject("clip");
                out.compare(key + ": offset", Tensor.scalar(clip.get().avOffset()),
                        Tensor.scalar(wantClip.get("av_offset").getAsFloat()));
                out.compare(key + ": conf", Tensor.scalar((float) clip.get().conf()),
                        Tensor.scalar(wantClip.get("conf").getAsFloat()));
            }
            if (action == ClipSync.Action.SHIFT_AUDIO) {
                out.compare(key + ": audio shift", Tensor.scalar((float) clip.get().audioShiftSeconds(fps)),
                        Tensor.scalar(want.getAsJsonObject("action").get("itsoffset").getAsFloat()));
            }
        }
        return out;
    }
}
