package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.nets.Nets;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.training.AdamW;
import io.lipsync.training.GradClipping;
import io.lipsync.training.GradScaler;
import io.lipsync.training.SyncNetStep;
import io.lipsync.training.Trainable;
import io.lipsync.training.WindowSampler;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runners for the training substrate's kinds: torch's AdamW, clip_grad_norm_ and GradScaler, checkpoints read
 * back, trainable-parameter counts, the SyncNet step and the window sampler.
 */
final class TrainingCases {
    private TrainingCases() {}

    /** How many inputs named {@code prefix0suffix}, {@code prefix1suffix}, ... the case has. */
    private static int count(ParityCase c, String prefix, String suffix) {
        int n = 0;
        while (c.hasInput(prefix + n + suffix)) {
            n++;
        }
        return n;
    }

    static CaseOutputs adamw(ParityCase c, Fixtures f, NDManager m) {
        int params = c.configInt("num_params", count(c, "param", "_init"));
        int steps = c.configInt("steps", 1);
        var betas = c.config().getAsJsonArray("betas");
        AdamW.Config config = new AdamW.Config(c.config().get("lr").getAsDouble(), betas.get(0).getAsDouble(),
                betas.get(1).getAsDouble(), c.config().get("eps").getAsDouble(),
                c.config().get("weight_decay").getAsDouble());
        List<NDArray> p = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            p.add(f.inputArray(c, "param" + i + "_init", m));
        }
        AdamW optimizer = new AdamW(config, p);
        CaseOutputs out = new CaseOutputs();
        for (int k = 1; k <= steps; k++) {
            List<NDArray> grads = new ArrayList<>();
            List<float[]> before = new ArrayList<>();
            for (int i = 0; i < params; i++) {
                grads.add(f.inputArray(c, "grad" + i + "_step" + k, m));
                before.add(p.get(i).toFloatArray());
            }
            optimizer.step(grads);
            for (int i = 0; i < params; i++) {
                String s = i + "_step" + k;
                out.put("param" + s, p.get(i));
                out.put("delta" + s, delta(p.get(i), before.get(i)));
                out.put("exp_avg" + s, optimizer.firstMoment(i));
                out.put("exp_avg_sq" + s, optimizer.secondMoment(i));
            }
        }
        return out;
    }

    /** after - before, computed in double from the float32 values, as the goldens are. */
    private static Tensor delta(NDArray after, float[] before) {
        float[] a = after.toFloatArray();
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = (float) ((double) a[i] - before[i]);
        }
        return new Tensor(d, after.getShape().getShape());
    }

    static CaseOutputs clipGradNorm(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        double maxNorm = c.config().get("max_norm").getAsDouble();
        for (String set : new String[] {"A", "B"}) {
            List<NDArray> grads = new ArrayList<>();
            for (int i = 0; i < count(c, "grads" + set + "_", ""); i++) {
                grads.add(f.inputArray(c, "grads" + set + "_" + i, m));
            }
            out.put("total_norm" + set, Tensor.scalar(GradClipping.clipGradNorm(grads, maxNorm)));
            for (int i = 0; i < grads.size(); i++) {
                out.put("clipped" + set + "_" + i, grads.get(i));
            }
        }
        return out;
    }

    /** Upstream's mixed-precision update order: unscale, clip, step unless overflowed, update the scale. */
    static CaseOutputs gradScaler(ParityCase c, Fixtures f, NDManager m) {
        GradScaler scaler = new GradScaler(c.config().get("init_scale").getAsDouble(),
                c.config().get("growth_factor").getAsDouble(), c.config().get("backoff_factor").getAsDouble(),
                c.configInt("growth_interval", 2000));
        double maxNorm = c.config().get("max_norm").getAsDouble();
        int params = count(c, "param", "_init");
        List<NDArray> p = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            p.add(f.inputArray(c, "param" + i + "_init", m));
        }
        AdamW optimizer = new AdamW(AdamW.Config.upstream(c.config().get("lr").getAsDouble()), p);
        CaseOutputs out = new CaseOutputs();
        for (int k = 1; c.hasInput("scaled_grad0_step" + k); k++) {
            List<NDArray> grads = new ArrayList<>();
            for (int i = 0; i < params; i++) {
                grads.add(f.inputArray(c, "scaled_grad" + i + "_step" + k, m));
            }
            boolean foundInf = scaler.unscale(grads);
            for (int i = 0; i < params; i++) {
                out.put("unscaled_grad" + i + "_step" + k, grads.get(i));
            }
            float total = GradClipping.clipGradNorm(grads, maxNorm);
            for (int i = 0; i < params; i++) {
                out.put("clipped_grad" + i + "_step" + k, grads.get(i));
            }
            scaler.step(foundInf, () -> optimizer.step(grads));
            out.put("total_norm_step" + k, Tensor.scalar(total));
            out.put("found_inf_step" + k, Tensor.scalar(foundInf ? 1 : 0));
            out.put("scale_after_step" + k, Tensor.scalar(scaler.scale()));
            out.put("adam_step_count_after_step" + k, Tensor.scalar(optimizer.stepCount()));
            for (int i = 0; i < params; i++) {
                out.put("param" + i + "_after_step" + k, p.get(i));
            }
        }
        int clean = (int) TensorShapes.numel(f.golden(c, "scale_after_clean_steps").shape());
        float[] scales = new float[clean];
        for (int j = 0; j < clean; j++) {
            scaler.step(false, () -> { });
            scales[j] = scaler.scale();
        }
        out.put("scale_after_clean_steps", Tensor.of(scales, clean));
        return out;
    }

    /**
     * A torch.save file read back: every key of the golden table with its dtype and shape, and its values
     * exactly (views of shared storages included), plus global_step.
     */
    static CaseOutputs checkpoint(ParityCase c, Fixtures f, NDManager m) throws Exception {
        StateDict read = StateDict.load(f.path(c.input("checkpoint")));
        JsonObject table = JsonParser.parseString(Files.readString(f.path(c.output("table")))).getAsJsonObject();
        Map<String, TensorData> golden = SafetensorsReader.read(f.path(c.output("values")));
        CaseOutputs out = new CaseOutputs().selector("table").selector("values");
        float step = ((Number) read.extras().get("global_step")).floatValue();
        out.compare("global_step", Tensor.scalar(step),
                Tensor.scalar(table.getAsJsonObject("top_level").get("global_step").getAsFloat()));
        for (var e : table.getAsJsonArray("tensors")) {
            JsonObject row = e.getAsJsonObject();
            String key = row.get("key").getAsString();
            TensorData t = read.get(key);
            long[] shape = new Gson().fromJson(row.get("shape"), long[].class);
            boolean same = t != null && Arrays.equals(shape, t.shape())
                    && t.dtype().name().equals(TORCH_DTYPES.get(row.get("dtype").getAsString()));
            out.compare(key + ":dtype+shape", Tensor.scalar(same ? 1 : 0), Tensor.scalar(1));
            if (t != null) {
                out.compare(key, new Tensor(t.toFloats(), t.shape()), new Tensor(golden.get(key).toFloats(), shape));
            }
        }
        return out;
    }

    private static final Map<String, String> TORCH_DTYPES = Map.of("float32", "F32", "float16", "F16",
            "bfloat16", "BF16", "float64", "F64", "int64", "I64", "int32", "I32");

    /**
     * Trainable parameter counts of the official full-size configs, from the built architectures alone:
     * every figure of the case's {@code expected} block, per stage.
     */
    static CaseOutputs trainableCount(ParityCase c, Fixtures f, NDManager m) {
        CaseOutputs out = new CaseOutputs();
        for (var stage : c.expected().entrySet()) {
            JsonObject want = stage.getValue().getAsJsonObject();
            UNetConfig config = UNetConfig.builtin(stage.getKey());
            Params params = new UNet3D(config).params();
            // A list of name substrings, or a sentence for configs without motion modules (they train all).
            List<String> modules = want.get("trainable_modules").isJsonArray()
                    ? List.of(new Gson().fromJson(want.get("trainable_modules"), String[].class)) : List.of();
            List<Param> trainable = Trainable.select(params, config.motion().use(), modules);
            List<Param> all = Trainable.select(params, false, List.of());
            long buffers = params.weights().values().stream().filter(Param::isBuffer)
                    .mapToLong(p -> TensorData.numel(p.shape())).sum();
            long motion = Trainable.count(trainable.stream().filter(p -> p.name().contains("motion_modules.")).toList());
            Map<String, Long> counts = Map.of("trainable_tensors", (long) trainable.size(),
                    "trainable_params", Trainable.count(trainable), "parameters", Trainable.count(all),
                    "parameter_tensors", (long) all.size(), "buffers", buffers,
                    "trainable_motion_module_params", motion);
            counts.forEach((name, value) -> out.compare(stage.getKey() + ":" + name, Tensor.scalar(value),
                    Tensor.scalar(want.get(name).getAsLong())));
        }
        return out;
    }

    /**
     * One iteration of upstream's train_syncnet.py on the case's batch, through the trainer's own
     * {@link SyncNetStep}: lower-half visual input, forward, BCE, backward, clip_grad_norm_, AdamW, and the
     * loss on the same batch afterwards.
     */
    static CaseOutputs syncnetStep(ParityCase c, Fixtures f, NDManager m) throws Exception {
        StableSyncNet net = new StableSyncNet(SyncNetConfig.load(f.path(c.input("config"))));
        Nets.load(net, f.path(c.input("checkpoint")), m);
        net.params().makeTrainable();
        NDArray frames = f.inputArray(c, "frames", m);
        NDArray mel = f.inputArray(c, "audio_samples", m);
        NDArray y = f.inputArray(c, "y", m);
        y = y.reshape(y.getShape().get(0));
        JsonObject names = JsonParser.parseString(Files.readString(f.path(c.paramsFile()))).getAsJsonObject();
        List<String> order = List.of(new Gson().fromJson(names.get("params"), String[].class));
        List<String> selected = List.of(new Gson().fromJson(names.get("selected"), String[].class));
        Map<String, Param> byName = net.params().weights();
        List<Param> declared = List.copyOf(byName.values());
        List<float[]> before = declared.stream().map(p -> p.value().toFloatArray()).toList();
        AdamW optimizer = new AdamW(new AdamW.Config(c.config().get("lr").getAsDouble(), 0.9, 0.999, 1e-8,
                c.config().get("weight_decay").getAsDouble()), declared.stream().map(Param::value).toList());
        SyncNetStep step = new SyncNetStep(net, optimizer, c.config().get("max_grad_norm").getAsDouble());
        step.update().keepGradients(selected);
        SyncNetStep.Result r = step.run(frames, mel, y);

        CaseOutputs out = new CaseOutputs();
        out.put("visual_input_sample0", r.visualInput().get(0)).put("vision_embeds", r.embeds().get(0))
                .put("audio_embeds", r.embeds().get(1)).put("cos_sims", r.cosines()).put("bce_per_sample", r.bce())
                .put("loss", r.loss()).put("grad_total_norm", Tensor.scalar(r.update().gradTotalNorm()))
                .put("preds_correct", r.cosines().gt(0.5f).eq(y.gt(0.5f)).toType(DataType.FLOAT32, false));
        Map<String, Float> gradNorms = new LinkedHashMap<>();
        Map<String, float[]> valuesBefore = new LinkedHashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            gradNorms.put(declared.get(i).name(), r.update().gradNorms()[i]);
            valuesBefore.put(declared.get(i).name(), before.get(i));
        }
        StepChecks.compare(c, f, out, order, selected,
                new StepChecks.Update(byName, gradNorms, valuesBefore, r.update().keptGradients()));
        return out.put("loss_after_step", step.loss(frames, mel, y));
    }

    /**
     * The datasets' draws replayed: each scenario's listed calls feed the sampler, which must ask for the
     * same bounds in the same order and pick what upstream picked.
     */
    static CaseOutputs sampler(ParityCase c, Fixtures f, NDManager m) throws Exception {
        JsonObject rules = JsonParser.parseString(Files.readString(f.path(c.input("file")))).getAsJsonObject();
        CaseOutputs out = new CaseOutputs().selector("expected");
        JsonObject syncnet = rules.getAsJsonObject("syncnet_dataset");
        List<WindowSampler.Clip> clips = new ArrayList<>();
        for (var e : syncnet.getAsJsonArray("clips")) {
            JsonObject clip = e.getAsJsonObject();
            clips.add(new WindowSampler.Clip(clip.get("path").getAsString(), clip.get("frames").getAsInt(),
                    clip.get("mel_frames").getAsInt()));
        }
        int frames = syncnet.get("num_frames").getAsInt();
        int fps = c.configInt("video_fps", 25);
        int n = 0;
        for (var e : syncnet.getAsJsonArray("scenarios")) {
            JsonObject scenario = e.getAsJsonObject();
            ScriptedDraws draws = new ScriptedDraws(scenario.getAsJsonArray("calls"));
            WindowSampler.SyncNetSample got = WindowSampler.syncNet(clips, frames, fps, draws);
            JsonObject want = scenario.getAsJsonObject("expected");
            String key = "syncnet scenario " + n++;
            out.compare(key + ": draws as upstream's", Tensor.scalar(draws.matched()), Tensor.scalar(1));
            out.compare(key + ": clip, start, y, first frame, mel start, mel width",
                    Tensor.of(new float[] {clips.get(got.clip()).path().equals(want.get("clip").getAsString()) ? 1 : 0,
                        got.start(), got.y(), got.framesStart(), got.melStart(), got.melWidth()}, 6),
                    Tensor.of(new float[] {1, want.get("start").getAsFloat(), want.get("y").getAsFloat(),
                        want.getAsJsonArray("frames_index").get(0).getAsFloat(), want.get("mel_start").getAsFloat(),
                        want.get("mel_width").getAsFloat()}, 6));
        }
        JsonObject unet = rules.getAsJsonObject("unet_dataset");
        n = 0;
        for (var e : unet.getAsJsonArray("scenarios")) {
            JsonObject scenario = e.getAsJsonObject();
            ScriptedDraws draws = new ScriptedDraws(scenario.getAsJsonArray("calls"));
            WindowSampler.UNetSample got = WindowSampler.unet(scenario.get("total_frames").getAsInt(),
                    unet.get("num_frames").getAsInt(), draws);
            JsonObject want = scenario.getAsJsonObject("expected");
            String key = "unet scenario " + n++;
            out.compare(key + ": draws as upstream's", Tensor.scalar(draws.matched()), Tensor.scalar(1));
            out.compare(key + ": start, reference start", Tensor.of(new float[] {got.start(), got.refStart()}, 2),
                    Tensor.of(new float[] {want.get("start").getAsFloat(), want.get("ref_start").getAsFloat()}, 2));
        }
        return out;
    }

    /** Replays listed draws; any call with other bounds, or past the list, marks the replay as wrong. */
    private static final class ScriptedDraws implements WindowSampler.Draws {
        private final com.google.gson.JsonArray calls;
        private int next;
        private boolean wrong;

        ScriptedDraws(com.google.gson.JsonArray calls) {
            this.calls = calls;
        }

        private JsonObject take(String fn) {
            if (next >= calls.size()) {
                wrong = true;
                throw new IllegalStateException("the sampler drew more than upstream did");
            }
            JsonObject call = calls.get(next++).getAsJsonObject();
            wrong |= !call.get("fn").getAsString().equals(fn);
            return call;
        }

        @Override
        public int randint(int lo, int hi) {
            JsonObject call = take("randint");
            wrong |= call.get("lo").getAsInt() != lo || call.get("hi").getAsInt() != hi;
            return call.get("value").getAsInt();
        }

        @Override
        public boolean coin() {
            return take("choice").get("value").getAsInt() == 0;
        }

        float matched() {
            return !wrong && next == calls.size() ? 1 : 0;
        }
    }
}
