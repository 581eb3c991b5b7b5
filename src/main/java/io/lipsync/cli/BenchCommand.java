package io.lipsync.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.lipsync.bench.ChunkBenchmark;
import io.lipsync.bench.FullSizeModels;
import io.lipsync.bench.RenderBenchmark;
import io.lipsync.bench.UNetBenchmark;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.Preset;
import io.lipsync.model.nn.Autocast;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync bench}: speed and memory figures on full-size shapes with random weights. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures speed and memory of the engine with random weights (no checkpoints needed).",
                "Figures go to stdout; nothing here is a pass/fail test."},
        subcommands = {BenchCommand.Unet.class, BenchCommand.Chunk.class, BenchCommand.Render.class, BenchCommand.RenderFull.class,
                BenchCommand.Fixture.class, BenchCommand.TrainSyncNet.class, BenchCommand.TrainUnet.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Which U-Net and how many frames a benchmarked chunk has. */
    static final class ChunkShape {
        @Mixin
        UnetChoice unet;

        @Option(names = "--frames", defaultValue = "16", description = "frames per chunk. Default: ${DEFAULT-VALUE}")
        int frames;
    }

    /** The U-Net config to measure, by default the one a preset runs on (final: stage2_512, else stage2). */
    static final class UnetChoice {
        @Option(names = "--config", paramLabel = "NAME",
                description = "stage1, stage2 (v1.5, 256 px), stage2_512 (v1.6, 512 px) or stage2_efficient. "
                        + "Default: stage2; with --preset final (chunk, render-full) stage2_512")
        String config;

        /** For benchmarks without a preset: the config asked for, else stage2. */
        String config() {
            return config != null ? config : FullSizeModels.config();
        }

        String config(Preset preset) {
            return config != null ? config : FullSizeModels.config(preset);
        }
    }

    /** The generated clip a render benchmark makes: its length, the face it shows, the detector that finds it. */
    static final class GeneratedClip {
        @Option(names = "--seconds", defaultValue = "10", description = "clip length. Default: ${DEFAULT-VALUE}")
        int seconds;

        @Option(names = "--portrait", defaultValue = "../shared/media/face.png", paramLabel = "PNG",
                description = "face image the clip is made of. Default: ${DEFAULT-VALUE}")
        java.nio.file.Path portrait;

        @Option(names = "--face-detector", defaultValue = "checkpoints/blazeface/face_detection_front_128x128.onnx",
                paramLabel = "FILE", description = "BlazeFace model. Default: ${DEFAULT-VALUE}")
        java.nio.file.Path detector;
    }

    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = {"Times full-size U-Net forward passes on the shapes of one chunk with guidance",
                    "(batch 2: zero audio and audio), after one warm-up pass.", "",
                    "Example: lipsync bench unet --config stage2 --frames 16 --steps 3"})
    static final class Unet implements Callable<Integer> {
        @Mixin
        ChunkShape shape;

        @Option(names = "--steps", defaultValue = "3", description = "timed passes. Default: ${DEFAULT-VALUE}")
        int steps;

        @Option(names = "--no-guidance", description = "batch 1 instead of the guided batch of 2")
        boolean noGuidance;

        @Mixin
        ProfileOption profile = new ProfileOption();

        @Mixin
        DeviceOption device = new DeviceOption();

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path trace = profile.trace("unet");
            UNetBenchmark.Result r = UNetBenchmark.run(shape.unet.config(), shape.frames, steps,
                    !noGuidance, device.resolve(), trace, System.out::println);
            System.out.printf("unet %s: input (%d, 13, %d, %d, %d), audio (%d, 50, 384)%n", r.config(), r.batch(),
                    r.frames(), r.latent(), r.latent(), r.batch() * r.frames());
            System.out.printf("  %.0f ms per step (mean of %d), %.3f video frames/s at 20 steps, peak RSS %d MiB%n",
                    r.meanMillis(), r.stepMillis().size(), r.framesPerSecond(20), r.peakRssMiB());
            profile.print("one more pass", r.profile());
            return 0;
        }
    }

    @Command(name = "chunk", mixinStandardHelpOptions = true,
            description = {"Times one whole chunk with full-size random-weight models: audio features",
                    "(log-mel + Whisper tiny), VAE encode of the masked and reference faces, all denoising",
                    "steps, VAE decode.", "",
                    "Each preset's speed: --preset draft|standard|final (final runs stage2_512).", "",
                    "Example: lipsync bench chunk --config stage2 --frames 16 --preset draft"})
    static final class Chunk implements Callable<Integer> {
        @Mixin
        ChunkShape shape;

        @Mixin
        SamplingOptions sampling;

        @Mixin
        DeviceOption device = new DeviceOption();

        @Mixin
        PrecisionOption precision = new PrecisionOption();

        @Mixin
        ProfileOption profile = new ProfileOption();

        @Override
        public Integer call() {
            DenoiseOptions options = sampling.denoise();
            Device target = device.resolve();
            DataType low = precision.resolve(target);
            String config = shape.unet.config(sampling.preset());
            ChunkBenchmark.Result r = Autocast.run(low, () -> ChunkBenchmark.run(config, shape.frames, options,
                    target, profile.on, System.out::println));
            double total = r.stageMillis().values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("chunk %s, %d frames, %s, %s on %s%n", config, shape.frames, sampling.line(),
                    low == null ? "fp32" : "fp16", target);
            r.stageMillis().forEach((k, v) -> System.out.printf("  %-22s %10.0f ms%n", k, v));
            System.out.printf("  %-22s %10.0f ms (%.3f video frames/s), peak RSS %d MiB%n", "total", total,
                    shape.frames / (total / 1000), r.peakRssMiB());
            profile.print("the chunk", r.profile());
            return 0;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Renders generated media with the tiny random-weight models: a cold render",
                    "(face analysis + lip-sync, with HLS segments) and a warm re-render with a new",
                    "voice from the face cache. Prints the warm/cold speed-up, the time to the first",
                    "segment and the peak RSS of each render.",
                    "Run it once with --seconds 10 and once with --seconds 60 to compare memory.",
                    "With --full-vae the face work a cache hit skips costs what it does in real use",
                    "(a full-size SD VAE at 256 px, random weights): keep the clip short, e.g.",
                    "--seconds 2.", "",
                    "Example: lipsync bench render --seconds 10"})
    static final class Render implements Callable<Integer> {
        @Mixin
        GeneratedClip clip;

        @Option(names = "--steps", defaultValue = "3", description = "DDIM steps. Default: ${DEFAULT-VALUE}")
        int steps;

        @Option(names = "--fixtures", defaultValue = "../shared/parity", paramLabel = "DIR",
                description = "folder with the tiny models. Default: ${DEFAULT-VALUE}")
        java.nio.file.Path fixtures;

        @Option(names = "--full-vae", description = "full-size SD VAE (random weights) at 256 px instead of the tiny one")
        boolean fullVae;

        @Mixin
        DeviceOption device = new DeviceOption();

        @Mixin
        ProfileOption profile = new ProfileOption();

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("lipsync-bench");
            java.nio.file.Path trace = profile.trace("render");
            RenderBenchmark.Result r = RenderBenchmark.run(new RenderBenchmark.Setup(fixtures, clip.portrait, clip.detector,
                    clip.seconds, steps, fullVae), work, device.resolve(), trace, System.out::println);
            System.out.printf("render bench, %d s clip (%d frames), %s, %d steps%n", clip.seconds, r.frames(),
                    fullVae ? "tiny U-Net and Whisper at 256 px, full-size VAE" : "tiny models", steps);
            System.out.printf("  cold %.1f s, warm (cache hit, new voice) %.1f s: warm is %.2fx faster%n",
                    r.coldSeconds(), r.warmSeconds(), r.coldSeconds() / r.warmSeconds());
            System.out.printf("  first segment after %.1f s of %.1f s (%.0f%%)%n", r.firstSegmentSeconds(),
                    r.coldSeconds(), 100 * r.firstSegmentSeconds() / r.coldSeconds());
            System.out.printf("  peak RSS %d MiB (cold render %d MiB, warm %d MiB)%n", r.peakRssMiB(),
                    r.coldPeakRssMiB(), r.warmPeakRssMiB());
            profile.print("the cold render", r.coldProfile());
            return 0;
        }
    }

    @Command(name = "render-full", mixinStandardHelpOptions = true,
            description = {"Renders a generated clip (a face drifting across the frame, a synthetic voice) as a",
                    "real render does, with every network at full size and random weights: the U-Net of the",
                    "preset's model (final: 1.6 at 512 px, else 1.5 at 256 px), the SD VAE and Whisper tiny.",
                    "One cold render: face analysis, lip-sync, encoding. Prints the compute seconds per second",
                    "of video and the render's peak RSS, the figures of a preset in real use.",
                    "It is long: on 2 cores a 10 s clip took 33 minutes with draft and --steps 2. Each step",
                    "allocates the same tensors and frees them before the next, so --steps 2 should give a",
                    "preset's peak RSS in a fraction of the time its own steps take.", "",
                    "Example: lipsync bench render-full --seconds 10 --preset draft --steps 2"})
    static final class RenderFull implements Callable<Integer> {
        @Mixin
        GeneratedClip clip;

        @Mixin
        UnetChoice unet;

        @Mixin
        SamplingOptions sampling;

        @Mixin
        DeviceOption device = new DeviceOption();

        @Mixin
        PrecisionOption precision = new PrecisionOption();

        @Override
        public Integer call() throws Exception {
            String unetConfig = unet.config(sampling.preset());
            DenoiseOptions options = sampling.denoise();
            Device target = device.resolve();
            DataType low = precision.resolve(target);
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("lipsync-bench");
            System.out.println(sampling.line() + ", U-Net " + unetConfig + ", " + (low == null ? "fp32" : "fp16") + " on "
                    + target);
            RenderBenchmark.FullSizeResult r;
            try (RenderProgress progress = new RenderProgress()) {
                r = Autocast.run(low, () -> {
                    try {
                        return RenderBenchmark.fullSize(new RenderBenchmark.FullSizeSetup(clip.portrait, clip.detector,
                                clip.seconds, unetConfig, options), work, target, progress, System.out::println);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            System.out.println(r.report());
            System.out.printf("full-size render, %d s clip (%d frames), %s, U-Net %s%n", clip.seconds, r.frames(),
                    sampling.line(), unetConfig);
            System.out.printf("  %.1f s: %.0f s of compute per second of video; peak RSS %d MiB%n", r.seconds(),
                    r.seconds() / clip.seconds, r.peakRssMiB());
            return 0;
        }
    }

    @Command(name = "fixture", mixinStandardHelpOptions = true,
            description = {"Writes a parity fixture folder at the official size: a random-weight U-Net saved",
                    "as latentsync_unet.pt in the official layout (5 GB), the official config, one guided",
                    "chunk's inputs, and the output this engine computes from the same weights in float64.",
                    "Then run `lipsync parity --fixtures DIR` on it to see the float32 engine agree at full",
                    "size and how much memory a full-size parity run takes. The golden is the engine's own",
                    "(float64), not upstream's. Needs 6 GB of disk and, for the float64 forward (one",
                    "sample at a time), about 12 GB at 256 px and 21 GB at 512 px x 16 frames; at 512 px",
                    "it takes about 25 minutes on 2 cores.", "",
                    "Example: lipsync bench fixture --config stage2_512 --frames 16 --out /tmp/full-512"})
    static final class Fixture implements Callable<Integer> {
        @Mixin
        ChunkShape shape;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write")
        java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            io.lipsync.bench.FullSizeFixture.write(shape.unet.config(), shape.frames, out,
                    System.out::println);
            return 0;
        }
    }

    @Command(name = "train-syncnet", mixinStandardHelpOptions = true,
            description = {"Times full-size SyncNet training steps (forward, backward, clipping, AdamW) on random",
                    "weights and random batches of upstream's sample shape. Upstream's batch of 256 runs as",
                    "micro-batches with accumulated gradients (the same update; memory of one micro-batch).", "",
                    "Example: lipsync bench train-syncnet --batch 256 --micro-batch 16 --steps 1"})
    static final class TrainSyncNet implements Callable<Integer> {
        @Option(names = "--config", defaultValue = io.lipsync.model.syncnet.SyncNetConfig.DEFAULT, paramLabel = "NAME",
                description = "Default: ${DEFAULT-VALUE}")
        String config;

        @Option(names = "--batch", defaultValue = "256", description = "samples per step (upstream: 256). Default: ${DEFAULT-VALUE}")
        int batch;

        @Option(names = "--micro-batch", defaultValue = "16", description = "samples per forward/backward. Default: ${DEFAULT-VALUE}")
        int microBatch;

        @Mixin
        TrainBenchOptions step;

        @Override
        public Integer call() {
            if (microBatch < 1 || batch % microBatch != 0) {
                throw new io.lipsync.util.UserError("--batch must be a multiple of --micro-batch");
            }
            io.lipsync.bench.SyncNetTrainBenchmark.Result r = io.lipsync.bench.SyncNetTrainBenchmark.run(config, batch,
                    microBatch, step.steps, step.checkpointing, step.precision(), step.device.resolve(), System.out::println);
            System.out.printf("train-syncnet %s (%,d parameters): batch %d as %d x %d: %.1f s per step (mean of %d), "
                    + "%.2f samples/s, peak RSS %d MiB%n", r.config(), r.parameters(), r.batch(), r.batch() / r.microBatch(),
                    r.microBatch(), r.meanSeconds(), r.stepSeconds().size(), r.batch() / r.meanSeconds(), r.peakRssMiB());
            return 0;
        }
    }

    @Command(name = "train-unet", mixinStandardHelpOptions = true,
            description = {"Times full-size U-Net training steps of one of upstream's configs (VAE encodes, U-Net",
                    "forward and backward, in stage 2 the VAE decode and the judges, clipping, AdamW) on random",
                    "weights and one random sample, and reports the peak resident memory. Run it with and",
                    "without --gradient-checkpointing to see what checkpointing saves.", "",
                    "Example: lipsync bench train-unet --config stage2_efficient --frames 16 --gradient-checkpointing"})
    static final class TrainUnet implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "stage2_efficient", paramLabel = "NAME",
                description = "stage1, stage2, stage2_efficient, stage1_512 or stage2_512. Default: ${DEFAULT-VALUE}")
        String config;

        @Option(names = "--frames", defaultValue = "16", description = "frames per sample (upstream: 16). Default: ${DEFAULT-VALUE}")
        int frames;

        @Mixin
        TrainBenchOptions step;

        @Override
        public Integer call() {
            io.lipsync.bench.UNetTrainBenchmark.Result r = io.lipsync.bench.UNetTrainBenchmark.run(config, frames,
                    step.steps, step.checkpointing, step.precision(), step.device.resolve(), System.out::println);
            System.out.printf("train-unet %s, %d frames, checkpointing %s (%,d trainable parameters): %.1f s per step "
                    + "(mean of %d), peak RSS %d MiB%n", r.config(), r.frames(), r.checkpointing() ? "on" : "off",
                    r.trainable(), r.meanSeconds(), r.stepSeconds().size(), r.peakRssMiB());
            return 0;
        }
    }
}
