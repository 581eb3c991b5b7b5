package io.lipsync.training;

import ai.djl.ndarray.NDManager;
import io.lipsync.diffusion.DdimScheduler;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.eval.SyncNetScore;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.MouthMask;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.model.nn.Param;
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
     * Command-line choices; null fields take the config's values. {@code nets} opens the U-Net to start from, the
     * VAE, Whisper, stage 2's judges and validation's face detector and scorer, on the device training runs on.
     */
    public record Options(Path config, Path data, Path out, Path cache, boolean resume, Integer batch, Long maxSteps,
            Long saveSteps, Long validationSteps, Boolean gradientCheckpointing, Precision precision, Nets nets,
            Judges judges, Validation validation) {}

    /**
     * The configs of stage 2's frozen judges: the SyncNet's, and TREPA's VideoMAE's (null for ViT-g). Only the
     * judges the config's loss weights switch on are opened.
     */
    public record Judges(String syncnetConfig, Path videoMaeConfig) {}

    /** What validation renders; it is scored by the SyncNet (stage 2's judge's config) when its file is there. */
    public record Validation(Path video, Path audio, int steps) {}

    public record Summary(long step, boolean stopped, Path checkpoint, Path metrics, Path chart) {}

    private UNetTraining() {}

    public static Summary run(Options o, TrainingListener listener, BooleanSupplier stopRequested) throws IOException {
        UNetTrainConfig c = UNetTrainConfig.load(o.config());
        if (c.useSyncnet() && c.model().addAudioLayer() && !c.pixelSpaceSupervise()) {
            throw new UserError(o.config() + ": a SyncNet judging latents (use_syncnet without pixel_space_supervise) "
                    + "is not implemented", "set pixel_space_supervise: true, as upstream's stage-2 configs do");
        }
        int batch = o.batch() != null ? o.batch() : c.batchSize();
        long maxSteps = o.maxSteps() != null ? o.maxSteps() : c.maxTrainSteps();
        long saveEvery = o.saveSteps() != null ? o.saveSteps() : c.saveSteps();
        long valEvery = o.validationSteps() != null ? o.validationSteps() : saveEvery;
        int frames = c.model().numFrames();
        RunFolder run = RunFolder.open(o.out(), o.resume(), Files.readString(o.config()));
        List<String> notes = new ArrayList<>(c.notes());
        PreparedClips clips = PreparedClips.open(o.data(), c.model().resolution(), o.cache().resolve("mel"), p -> {});
        clips.skipped().forEach(s -> notes.add("skipped " + s.path() + ": " + s.reason()));
        Nets nets = o.nets();
        Precision precision = Precision.resolve(o.precision(), c.mixedPrecision(), nets.manager().getDevice(), notes);
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
            List<Param> trainable = Trainable.select(unet.params(), c.model().useMotionModule(), c.trainableModules());
            AdamW optimizer = new AdamW(AdamW.Config.upstream(c.lr()), trainable.stream().map(Param::value).toList());
            UNetStep.PixelLosses judges = c.pixelSpaceSupervise() ? judges(c, o.judges(), nets) : null;
            UNetStep step = new UNetStep(unet, vae, new DdimScheduler(SchedulerConfig.latentSync()).alphasCumprod(),
                    c.stepSettings(o.gradientCheckpointing(), precision), judges,
                    new ParamUpdate(trainable, optimizer, scaler, c.maxGradNorm()));
            long global = 0;
            if (o.resume()) {
                global = run.resumeStep();
                TrainingCheckpoint.restore(run.checkpoints, global, unet.params(), optimizer, trainable, scaler);
            }
            StableSyncNet scorer = scorer(o, nets);
            UNetBatches batches = new UNetBatches(clips, whisper, nets.files().path(NetFile.WHISPER), o.cache().resolve("whisper"),
                    MouthMask.load(c.model().resolution()), frames, c.seed(), judges != null && judges.syncnet() != null);
            int latent = c.model().resolution() / vae.config().scaleFactor();
            listener.started(global, maxSteps, String.format("training %,d parameters on %d clips", Trainable.count(trainable),
                    clips.clips().size()), notes);
            chart(run);
            Path saved = null;
            long savedAt = -1;
            while (global < maxSteps && !stopRequested.getAsBoolean()) {
                try (NDManager b = m.newSubManager()) {
                    // The noise draws, like the batches, depend only on the seed and the step.
                    m.getEngine().setRandomSeed((int) (c.seed() * 1_000_003L + global));
                    UNetStep.Draws draws = UNetStep.Draws.sample(b, batch, frames, latent, 1000);
                    UNetStep.Result r = step.run(batches.get(global, batch, b), draws);
                    global++;
                    float loss = r.loss().getFloat();
                    log(run, global, "train", terms(r));
                    listener.trained(global, String.format("loss %.4f", loss));
                }
                if (global % saveEvery == 0) {
                    saved = save(run, global, unet, optimizer, trainable, scaler, listener);
                    savedAt = global;
                }
                if (o.validation() != null && global % valEvery == 0) {
                    validate(o, c, run, global, new LatentSyncModels(unet, vae, whisper,
                            LatentSyncModels.faceWorkId(c.model().resolution(), nets.files().path(NetFile.VAE))), scorer, listener, m);
                    chart(run);
                }
            }
            if (savedAt != global) {
                saved = save(run, global, unet, optimizer, trainable, scaler, listener);
            }
            chart(run);
            return new Summary(global, global < maxSteps, saved, run.log.file(), run.chart);
        }
    }

    /** The step's loss and its terms, for the metrics log. */
    private static Map<String, Number> terms(UNetStep.Result r) {
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
        out.put("grad_norm", r.update().gradTotalNorm());
        out.put("skipped", r.update().stepped() ? 0 : 1);
        return out;
    }

    /** Opens the judges the config's loss weights switch on, each from its official file. */
    private static UNetStep.PixelLosses judges(UNetTrainConfig c, Judges j, Nets nets) {
        StableSyncNet syncnet = c.useSyncnet() && c.model().addAudioLayer() ? nets.syncNet(syncNetConfig(j)) : null;
        Lpips lpips = c.perceptualWeight() != 0 ? nets.lpips() : null;
        TrepaLoss trepa = c.trepaWeight() != 0 ? new TrepaLoss(nets.videoMae(j.videoMaeConfig() == null
                ? VitConfig.vitGiant() : VitConfig.fromJson(j.videoMaeConfig()))) : null;
        return new UNetStep.PixelLosses(syncnet, lpips, trepa, c.syncWeight(), c.perceptualWeight(), c.trepaWeight());
    }

    private static SyncNetConfig syncNetConfig(Judges j) {
        return SyncNetConfig.parse(SyncNetConfig.readYaml(j.syncnetConfig()), j.syncnetConfig());
    }

    /** The SyncNet that scores validation renders (stage 2's judge, opened once), when its file is there. */
    private static StableSyncNet scorer(Options o, Nets nets) {
        if (o.validation() == null || !nets.find(NetFile.SYNCNET).present()) {
            return null;
        }
        return nets.syncNet(syncNetConfig(o.judges()));
    }

    private static void log(RunFolder run, long step, String kind, Map<String, ? extends Number> values) {
        run.log.append(step, kind, values);
    }

    private static Path save(RunFolder run, long step, UNet3D unet, AdamW optimizer, List<Param> trainable,
            GradScaler scaler, TrainingListener listener) throws IOException {
        TrainingCheckpoint.save(run.checkpoints, step, unet.params(), optimizer, trainable, scaler, Map.of());
        Path file = TrainingCheckpoint.weights(run.checkpoints, step);
        listener.saved(step, file);
        return file;
    }

    /** Renders the validation clip with the current weights (kept in val_videos/) and scores it. */
    private static void validate(Options o, UNetTrainConfig c, RunFolder run, long step, LatentSyncModels models,
            StableSyncNet scorer, TrainingListener listener, NDManager m) throws IOException {
        Validation v = o.validation();
        Path video = run.out.resolve("val_videos").resolve("val_video_" + step + ".mp4");
        FaceDetector detector = o.nets().faceDetector();
        try (NDManager r = m.newSubManager()) {
            new RenderPipeline(models, detector, new FaceCache(o.cache().resolve("faces"), 1L << 30))
                    .render(new RenderRequest(v.video(), v.audio(), video, null,
                            new DenoiseOptions(v.steps(), DenoiseOptions.DEFAULT_GUIDANCE, true,
                                    DenoiseOptions.DEFAULT_CACHE_INTERVAL), c.seed()), r, RenderListener.NONE);
            float score = Float.NaN;
            if (scorer != null) {
                StableSyncNet net = scorer;
                float[] mel = SyncNetMel.compute(r, AudioDecoder.decode(v.audio())).toFloatArray();
                score = (float) SyncNetScore.score(net, SyncNetScore.faces(video, detector, net.config().resolution()),
                        mel, 16, r).meanCosine();
            }
            log(run, step, "val", Map.of("sync_cosine", score));
            listener.validated(step, video + (Float.isNaN(score) ? "" : String.format(", sync cosine %.3f", score)));
        }
    }

    private static void chart(RunFolder run) throws IOException {
        Map<String, String> losses = new LinkedHashMap<>();
        losses.put("train loss", "train.loss");
        losses.put("recon", "train.recon_loss");
        losses.put("sync", "train.sync_loss");
        losses.put("lpips", "train.lpips_loss");
        losses.put("trepa", "train.trepa_loss");
        run.chart("U-Net training", losses, Map.of("val sync cosine", "val.sync_cosine"));
    }
}
