package io.lipsync.training;

import ai.djl.ndarray.NDManager;
import io.lipsync.diffusion.ForwardNoise;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.eval.SyncNetScore;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.MouthMask;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.videomae.VitConfig;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.Nets;
import io.lipsync.pipeline.FaceCache;
import io.lipsync.pipeline.RenderListener;
import io.lipsync.pipeline.RenderPipeline;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * upstream's train_unet.py on one device, stage 1 (the noise-prediction loss) or stage 2 (with the pixel-space
 * losses of the decoded estimate: SyncNet, LPIPS, TREPA): batches from prepared
 * clips, one {@link UNetStep} per step, checkpoints every {@code saveSteps} and when stopped (upstream's
 * {global_step, state_dict}, which {@code lipsync render --unet-ckpt} loads, plus the optimiser state for an
 * exact --resume), metrics and curves, and at every validation a render of the validation clip through the
 * product's own render pipeline with the current weights, scored by a StableSyncNet when one is given.
 */
public final class UNetTraining {
    /**
     * Command-line choices beyond the run's and the step's. {@code nets} opens the U-Net to start from, the VAE,
     * Whisper, stage 2's judges and validation's face detector and scorer, on the device training runs on;
     * {@code validation} null: none.
     */
    public record Options(Path config, RunOptions run, StepOptions step, Nets nets, Judges judges,
            Validation validation) {}

    /**
     * The configs of stage 2's frozen judges: the SyncNet's, and TREPA's VideoMAE's (null for ViT-g). Only the
     * judges the config's loss weights switch on are opened.
     */
    public record Judges(String syncnetConfig, Path videoMaeConfig) {}

    /** What validation renders; it is scored by the SyncNet (stage 2's judge's config) when its file is there. */
    public record Validation(Path video, Path audio, int steps) {}

    private UNetTraining() {}

    public static Trainer.Summary run(Options o, TrainingListener listener, BooleanSupplier stopRequested)
            throws IOException {
        UNetTrainConfig c = UNetTrainConfig.load(o.config());
        if (c.run().losses().useSyncnet() && c.model().attention().addAudioLayer() && !c.run().losses().pixelSpaceSupervise()) {
            throw new UserError(o.config() + ": a SyncNet judging latents (use_syncnet without pixel_space_supervise) "
                    + "is not implemented", "set pixel_space_supervise: true, as upstream's stage-2 configs do");
        }
        RunOptions r = o.run();
        // Upstream validates when it saves.
        long saveEvery = r.saveEvery() != null ? r.saveEvery() : c.saveSteps();
        Trainer.Plan plan = r.plan(o.step(), c.run().maxTrainSteps(), c.saveSteps(), saveEvery, c.optimizer());
        RunFolder run = RunFolder.open(r.out(), r.resume(), Files.readString(o.config()));
        List<String> notes = new ArrayList<>(c.notes());
        PreparedClips clips = PreparedClips.open(r.data(), c.model().data().resolution(), r.cache().resolve("mel"), p -> {});
        clips.skipped().forEach(s -> notes.add("skipped " + s.path() + ": " + s.reason()));
        Nets nets = o.nets();
        Precision precision = Precision.resolve(o.step().precision(), c.run().mixedPrecision(), nets.manager().getDevice(),
                notes);
        GradScaler scaler = precision.scaler();
        try (NDManager m = nets.manager().newSubManager()) {
            UNet3D unet = new UNet3D(c.model());
            Path init = nets.files().require(NetFile.UNET);
            List<String> unused = Nets.loadPart(unet, init, m);
            if (!unused.isEmpty()) {
                notes.add(unused.size() + " keys of " + init.getFileName() + " are not in this config's model and "
                        + "were left out (e.g. " + unused.get(0) + ")");
            }
            AutoencoderKL vae = nets.vae();
            WhisperEncoder whisper = nets.whisper();
            unet.params().makeTrainable();
            List<Param> trainable = Trainable.select(unet.params(), c.model().motion().use(), c.run().trainableModules());
            AdamW optimizer = new AdamW(AdamW.Config.upstream(plan.lr().lr()),
                    trainable.stream().map(Param::value).toList());
            UNetStep.PixelLosses judges = c.run().losses().pixelSpaceSupervise() ? judges(c, o.judges(), nets) : null;
            UNetStep step = new UNetStep(unet, vae, new ForwardNoise(SchedulerConfig.latentSync()),
                    c.stepSettings(o.step().gradientCheckpointing(), precision), judges,
                    new ParamUpdate(trainable, optimizer, scaler, c.optimizer().maxGradNorm()));
            UNetBatches batches = new UNetBatches(clips, whisper, nets.files().path(NetFile.WHISPER),
                    r.cache().resolve("whisper"), MouthMask.load(c.model().data().resolution()), c.model().data().numFrames(),
                    c.run().seed(), judges != null && judges.syncnet() != null);
            ValidationRender validation = o.validation() == null ? null : new ValidationRender(o.validation(),
                    new LatentSyncModels(unet, vae, whisper, LatentSyncModels.faceWorkId(c.model().data().resolution(),
                            nets.files().path(NetFile.VAE))), scorer(o, nets), nets,
                    run.out.resolve("val_videos"), r.cache().resolve("faces"), c.run().seed());
            Draw draw = new Draw(r.batch(c.batchSize()), c.model().data().numFrames(),
                    c.model().data().resolution() / vae.config().scaleFactor(), c.run().seed());
            Task task = new Task(step, batches, unet.params(), draw, validation);
            return Trainer.run(run, r.resume(), task, plan, m, new Trainer.Opening(String.format(
                    "training %,d parameters on %d clips", Trainable.count(trainable), clips.clips().size()), notes),
                    listener, stopRequested);
        }
    }

    /** A step's sample count and shapes, and the seed its draws follow. */
    private record Draw(int batch, int frames, int latent, long seed) {}

    /** The U-Net's batches, noise draws and losses. */
    private record Task(UNetStep step, UNetBatches batches, Params params, Draw draw,
            ValidationRender validation) implements Trainer.Task<UNetStep.Sample, UNetStep.Result> {

        @Override
        public ParamUpdate update() {
            return step.update();
        }

        /** One micro-batch a step, as upstream's train_unet.py takes. */
        @Override
        public List<UNetStep.Sample> batches(long global, NDManager scope) {
            // The noise draws, like the batches, depend only on the seed and the step.
            scope.getEngine().setRandomSeed((int) (draw.seed() * 1_000_003L + global));
            UNetStep.Draws draws = UNetStep.Draws.sample(scope, draw.batch(), draw.frames(), draw.latent(), 1000);
            return List.of(new UNetStep.Sample(batches.get(global, draw.batch(), scope), draws));
        }

        @Override
        public UNetStep.Result backward(UNetStep.Sample sample, Trainer.LossWeight weight) {
            return step.backward(sample, weight);
        }

        @Override
        public Map<String, Number> metrics(List<UNetStep.Sample> samples, Trainer.Stepped<UNetStep.Result> s) {
            return terms(s.passes().get(0), s.update());
        }

        @Override
        public String brief(Map<String, Number> metrics) {
            return String.format("loss %.4f", metrics.get("loss").floatValue());
        }

        @Override
        public Trainer.Validation validate(long global, NDManager scope) throws IOException {
            return validation == null ? null : validation.run(global, scope);
        }

        @Override
        public Trainer.Chart chart() {
            Map<String, String> losses = new LinkedHashMap<>();
            losses.put("train loss", "train.loss");
            losses.put("recon", "train.recon_loss");
            losses.put("sync", "train.sync_loss");
            losses.put("lpips", "train.lpips_loss");
            losses.put("trepa", "train.trepa_loss");
            return new Trainer.Chart("U-Net training", losses, Map.of("val sync cosine", "val.sync_cosine"));
        }
    }

    /** The step's loss and its terms, for the metrics log. */
    private static Map<String, Number> terms(UNetStep.Result r, ParamUpdate.Applied update) {
        Map<String, Number> out = new LinkedHashMap<>();
        out.put("loss", r.loss().getFloat());
        out.put("recon_loss", r.reconLoss().getFloat());
        UNetStep.PixelTerms p = r.pixel();
        if (p != null && p.syncLoss() != null) {
            out.put("sync_loss", p.syncLoss().getFloat());
        }
        if (p != null && p.lpipsLoss() != null) {
            out.put("lpips_loss", p.lpipsLoss().getFloat());
        }
        if (p != null && p.trepa() != null) {
            out.put("trepa_loss", p.trepa().loss().getFloat());
        }
        out.put("grad_norm", update.gradTotalNorm());
        out.put("skipped", update.stepped() ? 0 : 1);
        return out;
    }

    /** Opens the judges the config's loss weights switch on, each from its official file. */
    private static UNetStep.PixelLosses judges(UNetTrainConfig c, Judges j, Nets nets) {
        StableSyncNet syncnet = c.run().losses().useSyncnet() && c.model().attention().addAudioLayer() ? nets.syncNet(syncNetConfig(j)) : null;
        Lpips lpips = c.run().losses().perceptual() != 0 ? nets.lpips() : null;
        TrepaLoss trepa = c.run().losses().trepa() != 0 ? new TrepaLoss(nets.videoMae(j.videoMaeConfig() == null
                ? VitConfig.vitGiant() : VitConfig.fromJson(j.videoMaeConfig()))) : null;
        return new UNetStep.PixelLosses(syncnet, lpips, trepa, c.run().losses().sync(), c.run().losses().perceptual(), c.run().losses().trepa());
    }

    private static SyncNetConfig syncNetConfig(Judges j) {
        return SyncNetConfig.parse(SyncNetConfig.readYaml(j.syncnetConfig()), j.syncnetConfig());
    }

    /** The SyncNet that scores validation renders (stage 2's judge, opened once), when its file is there. */
    private static StableSyncNet scorer(Options o, Nets nets) {
        return nets.find(NetFile.SYNCNET).present() ? nets.syncNet(syncNetConfig(o.judges())) : null;
    }

    /**
     * Validation: the validation clip rendered through the product's own pipeline with the current weights (kept
     * in {@code videos}), scored by the SyncNet when there is one.
     */
    private record ValidationRender(Validation v, LatentSyncModels models, StableSyncNet scorer, Nets nets,
            Path videos, Path faceCache, long seed) {

        Trainer.Validation run(long step, NDManager scope) throws IOException {
            Path video = videos.resolve("val_video_" + step + ".mp4");
            FaceDetector detector = nets.faceDetector();
            new RenderPipeline(models, detector, new FaceCache(faceCache, 1L << 30))
                    .render(new RenderRequest(v.video(), v.audio(), video, null,
                            new DenoiseOptions(v.steps(), DenoiseOptions.DEFAULT_GUIDANCE, true,
                                    DenoiseOptions.DEFAULT_CACHE_INTERVAL), seed), scope, RenderListener.NONE);
            float score = Float.NaN;
            if (scorer != null) {
                float[] mel = SyncNetMel.compute(scope, AudioDecoder.decode(v.audio())).toFloatArray();
                score = (float) SyncNetScore.score(scorer, SyncNetScore.faces(video, detector,
                        scorer.config().resolution()), mel, 16, scope).meanCosine();
            }
            return new Trainer.Validation(Map.of("sync_cosine", score),
                    video + (Float.isNaN(score) ? "" : String.format(", sync cosine %.3f", score)));
        }
    }
}
