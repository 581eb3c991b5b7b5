package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs every case of a fixture folder's cases.json against the engine. */
public final class ParityRunner {
    private static final Map<String, CaseRunner> RUNNERS = Map.ofEntries(
            Map.entry("align", FaceCases::align),
            Map.entry("face_warp", FaceCases::faceWarp),
            Map.entry("face_restore", FaceCases::faceRestore),
            Map.entry("mask_resize", FaceCases::maskResize),
            Map.entry("loop_video", FaceCases::loopVideo),
            Map.entry("log_mel", AudioCases::logMel),
            Map.entry("wav2lip_mel", AudioCases::syncnetMel),
            Map.entry("audio_window", AudioCases::melWindows),
            Map.entry("whisper_features", AudioCases::whisperFeatures),
            Map.entry("whisper_features_long", AudioCases::whisperFeaturesLong),
            Map.entry("whisper_encoder", AudioCases::whisperEncoder),
            Map.entry("audio_windows", AudioCases::audioWindows),
            Map.entry("unet_forward", ModelCases::unetForward),
            Map.entry("vae", ModelCases::vae),
            Map.entry("ddim", DiffusionCases::ddim),
            Map.entry("dpm_solver", DiffusionCases::dpmSolver),
            Map.entry("chunk_denoise", DiffusionCases::chunkDenoise),
            Map.entry("adamw", TrainingCases::adamw),
            Map.entry("clip_grad_norm", TrainingCases::clipGradNorm),
            Map.entry("grad_scaler", TrainingCases::gradScaler),
            Map.entry("groupnorm", OpCases::groupNorm),
            Map.entry("sdpa", OpCases::sdpa),
            Map.entry("geglu", OpCases::geglu),
            Map.entry("resize_bicubic", OpCases::resizeBicubic),
            Map.entry("resize_nearest", OpCases::resizeNearest),
            Map.entry("resize_trilinear", OpCases::resizeTrilinear),
            Map.entry("checkpoint", TrainingCases::checkpoint),
            Map.entry("trainable_count", TrainingCases::trainableCount),
            Map.entry("syncnet_step", TrainingCases::syncnetStep),
            Map.entry("lpips", LossCases::lpips),
            Map.entry("trepa", LossCases::trepa),
            Map.entry("unet_train_step", UNetTrainingCases::step),
            Map.entry("unet_train_loop", UNetTrainingCases::loop),
            Map.entry("sampler", TrainingCases::sampler),
            Map.entry("mfcc", AudioCases::mfcc),
            Map.entry("sync_offset", EvalCases::syncOffset),
            Map.entry("frechet", EvalCases::frechet),
            Map.entry("sync_filter", EvalCases::syncFilter),
            Map.entry("shot_detect", DataCases::shotDetect),
            Map.entry("offset_correction", DataCases::offsetCorrection),
            Map.entry("pipeline", PipelineCases::pipeline));

    private final Fixtures fixtures;

    public ParityRunner(Path dir) {
        this.fixtures = new Fixtures(dir);
    }

    public List<ParityCase> cases() throws IOException {
        Path file = fixtures.path("cases.json");
        try {
            JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            List<ParityCase> out = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("cases")) {
                out.add(ParityCase.fromJson(e.getAsJsonObject()));
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new UserError(fixtures.dir() + " has no cases.json; give a parity fixture folder");
        }
    }

    /** Runs all cases, reporting each result as it finishes. */
    public List<CaseResult> runAll(Consumer<CaseResult> onResult) throws IOException {
        List<CaseResult> results = new ArrayList<>();
        for (ParityCase c : cases()) {
            CaseResult r = run(c);
            onResult.accept(r);
            results.add(r);
        }
        return results;
    }

    public CaseResult run(ParityCase c) {
        CaseRunner runner = RUNNERS.get(c.kind());
        if (runner == null) {
            return new CaseResult(c.name(), c.kind(), CaseResult.Status.NOT_IMPLEMENTED, List.of(),
                    "no runner for kind '" + c.kind() + "'");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            CaseOutputs outputs = runner.run(c, fixtures, manager);
            List<Comparison> comparisons = new ArrayList<>();
            for (String key : c.outputKeys()) {
                if (outputs.selectors().contains(key)) {
                    continue;
                }
                Tensor actual = outputs.computed().get(key);
                if (actual == null) {
                    comparisons.add(new Comparison(key, Double.NaN, Double.NaN, false, "not computed"));
                    continue;
                }
                Tensor golden = fixtures.golden(c, key);
                Tolerance tolerance = c.tolerance().forOutput(key);
                comparisons.add(Fixtures.isImage(c, key)
                        ? Comparison.of(key, actual, golden, tolerance.pixelAtol(), 0)
                        : Comparison.of(key, actual, golden, tolerance.atol(), tolerance.rtol()));
            }
            outputs.ownGoldens().forEach((key, golden) -> {
                Tolerance t = outputs.ownTolerance(key, c.tolerance());
                comparisons.add(Comparison.of(key, outputs.computed().get(key), golden, t.atol(), t.rtol()));
            });
            boolean pass = !comparisons.isEmpty() && comparisons.stream().allMatch(Comparison::pass);
            return new CaseResult(c.name(), c.kind(), pass ? CaseResult.Status.PASS : CaseResult.Status.FAIL,
                    comparisons, null);
        } catch (CaseNotImplemented e) {
            return new CaseResult(c.name(), c.kind(), CaseResult.Status.NOT_IMPLEMENTED, List.of(), e.getMessage());
        } catch (CheckpointException e) {
            return new CaseResult(c.name(), c.kind(), CaseResult.Status.ERROR, List.of(), e.userMessage());
        } catch (Exception e) {
            return new CaseResult(c.name(), c.kind(), CaseResult.Status.ERROR, List.of(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
