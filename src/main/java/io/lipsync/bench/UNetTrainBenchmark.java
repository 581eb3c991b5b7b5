package io.lipsync.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.diffusion.ForwardNoise;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.lpips.LpipsConfig;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.videomae.VideoMaeVit;
import io.lipsync.model.videomae.VitConfig;
import io.lipsync.training.AdamW;
import io.lipsync.training.ParamUpdate;
import io.lipsync.training.Precision;
import io.lipsync.training.Trainable;
import io.lipsync.training.TrepaLoss;
import io.lipsync.training.UNetStep;
import io.lipsync.training.UNetTrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times full-size U-Net training steps (VAE encodes, U-Net forward and backward, in stage 2 the decode and the
 * judges, clipping, AdamW) of one of upstream's configs on random weights and one random sample, with gradient
 * checkpointing on or off; reports the peak resident memory, the figure checkpointing exists to lower.
 */
public final class UNetTrainBenchmark {
    public record Result(String config, int frames, boolean checkpointing, long trainable, List<Double> stepSeconds,
            long peakRssMiB) {
        public double meanSeconds() {
            return stepSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private UNetTrainBenchmark() {}

    public static Result run(String configName, int frames, int steps, boolean checkpointing, Precision precision,
            Device device, Consumer<String> log) {
        UNetTrainConfig c = UNetTrainConfig.builtin(configName);
        int r = c.model().data().resolution();
        try (NDManager m = NDManager.newBaseManager(device)) {
            UNet3D unet = new UNet3D(c.model());
            RandomWeights.torchDefaults(unet.params(), m, 1);
            unet.params().makeTrainable();
            List<Param> trainable = Trainable.select(unet.params(), c.model().motion().use(), c.run().trainableModules());
            AutoencoderKL vae = new AutoencoderKL(VaeConfig.sdVaeFtMse());
            RandomWeights.torchDefaults(vae.params(), m, 2);
            AdamW optimizer = new AdamW(AdamW.Config.upstream(c.optimizer().lr()), trainable.stream().map(Param::value).toList());
            UNetStep step = new UNetStep(unet, vae, new ForwardNoise(SchedulerConfig.latentSync()),
                    c.stepSettings(checkpointing, precision), c.run().losses().pixelSpaceSupervise() ? judges(c, m) : null,
                    new ParamUpdate(trainable, optimizer, precision.scaler(), c.optimizer().maxGradNorm()));
            log.accept(String.format("built %s with random weights: %,d trainable parameters; RSS %d MiB", configName,
                    Trainable.count(trainable), Memory.rssMiB()));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= steps; i++) {
                try (NDManager b = m.newSubManager()) {
                    UNetStep.Batch batch = batch(b, frames, r);
                    UNetStep.Draws draws = UNetStep.Draws.sample(b, 1, frames, r / vae.config().scaleFactor(), 1000);
                    long start = System.nanoTime();
                    step.run(batch, draws).loss().getFloat();
                    double s = (System.nanoTime() - start) / 1e9;
                    // The first step also allocates the optimiser's moments and warms up the kernels.
                    log.accept(String.format("%s step %d: %.1f s; RSS %d MiB, peak %d MiB", i == 0 ? "warm-up" : "timed",
                            i, s, Memory.rssMiB(), Memory.peakRssMiB()));
                    if (i > 0) {
                        times.add(s);
                    }
                }
            }
            return new Result(configName, frames, checkpointing, Trainable.count(trainable), times,
                    Memory.peakRssMiB());
        }
    }

    /** Stage 2's judges at full size, random: the SyncNet, LPIPS's VGG16, and TREPA's ViT-g where weighted. */
    private static UNetStep.PixelLosses judges(UNetTrainConfig c, NDManager m) {
        StableSyncNet syncnet = null;
        if (c.run().losses().useSyncnet() && c.model().attention().addAudioLayer()) {
            syncnet = new StableSyncNet(SyncNetConfig.parse(SyncNetConfig.readYaml(SyncNetConfig.DEFAULT),
                    SyncNetConfig.DEFAULT));
            RandomWeights.torchDefaults(syncnet.params(), m, 3);
        }
        Lpips lpips = null;
        if (c.run().losses().perceptual() != 0) {
            lpips = new Lpips(LpipsConfig.vgg16());
            RandomWeights.torchDefaults(lpips.trunk(), m, 4);
            RandomWeights.fill(lpips.linear(), m, 5);
        }
        TrepaLoss trepa = null;
        if (c.run().losses().trepa() != 0) {
            VideoMaeVit vit = new VideoMaeVit(VitConfig.vitGiant());
            RandomWeights.torchDefaults(vit.params(), m, 6);
            trepa = new TrepaLoss(vit);
        }
        return new UNetStep.PixelLosses(syncnet, lpips, trepa, c.run().losses().sync(), c.run().losses().perceptual(), c.run().losses().trepa());
    }

    /** One random sample: frames in [-1, 1], upstream's mouth mask shape, Whisper windows and a mel window. */
    private static UNetStep.Batch batch(NDManager m, int frames, int r) {
        Shape pixels = new Shape(1, frames, 3, r, r);
        NDArray mask = m.ones(new Shape(1, r, r));
        mask.set(new ai.djl.ndarray.index.NDIndex(":, " + r / 2 + ":, :"), 0f);
        return new UNetStep.Batch(m.randomUniform(-1f, 1f, pixels), m.randomUniform(-1f, 1f, pixels),
                m.randomUniform(-1f, 1f, pixels), mask, m.randomNormal(new Shape(1, frames, 50, 384)),
                m.randomNormal(new Shape(1, 1, SyncNetMel.MELS, SyncNetMel.windowLength(frames))));
    }
}
