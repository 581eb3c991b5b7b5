package io.lipsync.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.image.Rgb;
import io.lipsync.media.VideoEncoder;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.pipeline.FaceCache;
import io.lipsync.pipeline.RenderListener;
import io.lipsync.pipeline.RenderPipeline;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Renders generated media (a portrait drifting across the frame, a synthetic voice): with the tiny
 * random-weight models, a cold render then a warm re-render with a new voice from the face cache; or once,
 * cold, with every network at full size (random weights), for what a real render costs.
 */
public final class RenderBenchmark {
    /** Figures of one cold + warm pair. */
    public record Result(double coldSeconds, double warmSeconds, double firstSegmentSeconds, long coldPeakRssMiB,
            long warmPeakRssMiB, int frames, OpProfile.Result coldProfile) {
        public long peakRssMiB() {
            return Math.max(coldPeakRssMiB, warmPeakRssMiB);
        }
    }

    /** Where the head and shoulders sit in the shared 512 px portrait. */
    private static final int HEAD_X = 136;
    private static final int HEAD = 240;

    private RenderBenchmark() {}

    /**
     * The tiny models' folder, the portrait the clip is made of, the face detector, the clip's length and the
     * DDIM steps. With {@code fullVae} the tiny U-Net and Whisper run at LatentSync 1.5's 256 px with a
     * full-size SD VAE (random weights): the face work a cache hit skips is then as costly as in real use.
     */
    public record Setup(Path fixtures, Path portrait, Path detectorModel, int seconds, int steps, boolean fullVae) {}

    /**
     * Renders in {@code work}, which it fills with the clip, voices, outputs and face cache; with a
     * {@code profileTrace} the cold render runs under libtorch's profiler, its trace kept there.
     */
    public static Result run(Setup setup, Path work, Device device, Path profileTrace, Consumer<String> log)
            throws IOException {
        Path fixtures = setup.fixtures();
        int seconds = setup.seconds();
        Path clip = work.resolve("clip.mp4");
        writeClip(setup.portrait(), clip, seconds);
        Path voiceA = work.resolve("voice-a.wav");
        Path voiceB = work.resolve("voice-b.wav");
        Files.write(voiceA, SyntheticVoice.wav(seconds, 1));
        Files.write(voiceB, SyntheticVoice.wav(seconds, 2));
        log.accept("generated a " + seconds + " s clip and two voices in " + work + "; RSS " + Memory.rssMiB()
                + " MiB");
        // The peak that matters is the renders', not that of making the test media.
        Memory.resetPeak();
        DenoiseOptions options = new DenoiseOptions(setup.steps(), 1.5f, true, DenoiseOptions.DEFAULT_CACHE_INTERVAL);
        ModelSet tiny = ModelSet.tinyFixtures(fixtures, setup.detectorModel());
        try (Nets nets = new Nets(NetFiles.of(tiny, null), device)) {
            NDManager manager = nets.manager();
            LatentSyncModels models = setup.fullVae() ? withFullVae(fixtures, work, nets)
                    : LatentSyncModels.open(nets, tiny.unetConfig());
            RenderPipeline pipeline = new RenderPipeline(models, nets.faceDetector(),
                    new FaceCache(work.resolve("cache"), 8L << 30));
            log.accept("models loaded; RSS " + Memory.rssMiB() + " MiB");
            RenderRequest coldRequest = new RenderRequest(clip, voiceA, work.resolve("cold.mp4"), work.resolve("segments"),
                    options, 1);
            RenderSummary[] colds = new RenderSummary[1];
            Runnable coldRender = () -> colds[0] = pipeline.render(coldRequest, manager, RenderListener.NONE);
            long t0 = System.nanoTime();
            OpProfile.Result profile = null;
            if (profileTrace == null) {
                coldRender.run();
            } else {
                profile = OpProfile.of(coldRender, profileTrace);
            }
            RenderSummary cold = colds[0];
            double coldSeconds = (System.nanoTime() - t0) / 1e9;
            log.accept(String.format("cold render: %.1f s%n%s", coldSeconds, cold.report()));
            long coldPeak = Memory.peakRssMiB();
            Memory.resetPeak();
            long t1 = System.nanoTime();
            RenderSummary warm = pipeline.render(new RenderRequest(clip, voiceB, work.resolve("warm.mp4"), null,
                    options, 1), manager, RenderListener.NONE);
            double warmSeconds = (System.nanoTime() - t1) / 1e9;
            log.accept(String.format("warm render: %.1f s%n%s", warmSeconds, warm.report()));
            // The face analysis runs inside the lip-sync stage, so it is part of "first segment after" already.
            double first = cold.stageSeconds().getOrDefault("first segment after", Double.NaN)
                    + cold.stageSeconds().getOrDefault("decode", 0.0)
                    + cold.stageSeconds().getOrDefault("audio features", 0.0);
            return new Result(coldSeconds, warmSeconds, first, coldPeak, Memory.peakRssMiB(), cold.frames().written(),
                    profile);
        }
    }

    /**
     * One cold render with every network at full size and random weights: the U-Net of {@code config}
     * (stage2: 1.5 at 256 px; stage2_512: 1.6 at 512 px), the SD VAE and Whisper tiny, sampled as
     * {@code options} say.
     */
    public record FullSizeSetup(Path portrait, Path detectorModel, int seconds, String config, DenoiseOptions options) {}

    /** Wall time of the render, frames written, the render's peak RSS and its per-stage report. */
    public record FullSizeResult(double seconds, int frames, long peakRssMiB, String report) {}

    /** Renders in {@code work}; {@code listener} hears the render's stages and progress. */
    public static FullSizeResult fullSize(FullSizeSetup setup, Path work, Device device, RenderListener listener,
            Consumer<String> log) throws IOException {
        Path clip = work.resolve("clip.mp4");
        writeClip(setup.portrait(), clip, setup.seconds());
        Path voice = work.resolve("voice.wav");
        Files.write(voice, SyntheticVoice.wav(setup.seconds(), 1));
        try (Nets nets = new Nets(NetFiles.in(null).with(NetFile.FACE_DETECTOR, setup.detectorModel()), device)) {
            NDManager manager = nets.manager();
            LatentSyncModels models = FullSizeModels.random(setup.config(), manager);
            RenderPipeline pipeline = new RenderPipeline(models, nets.faceDetector(),
                    new FaceCache(work.resolve("cache"), 8L << 30));
            log.accept("built " + setup.config() + ", SD VAE and Whisper tiny with random weights; RSS "
                    + Memory.rssMiB() + " MiB");
            // The peak that matters is the render's, not that of making the media and the models.
            Memory.resetPeak();
            long t0 = System.nanoTime();
            RenderSummary summary = pipeline.render(new RenderRequest(clip, voice, work.resolve("synced.mp4"), null,
                    setup.options(), 1), manager, listener);
            return new FullSizeResult((System.nanoTime() - t0) / 1e9, summary.frames().written(), Memory.peakRssMiB(),
                    summary.report());
        }
    }

    private static LatentSyncModels withFullVae(Path fixtures, Path work, Nets nets) throws IOException {
        Path config = work.resolve("unet_tiny_256.yaml");
        Files.writeString(config, Files.readString(fixtures.resolve("unet_tiny.yaml"))
                .replaceFirst("(?m)^(\\s*resolution:)\\s*\\d+", "$1 256"));
        UNetConfig unetConfig = UNetConfig.load(config);
        if (unetConfig.data().resolution() != 256) {
            throw new IllegalStateException(fixtures.resolve("unet_tiny.yaml") + " has no data resolution to set");
        }
        AutoencoderKL vae = new AutoencoderKL(VaeConfig.sdVaeFtMse());
        RandomWeights.fill(vae.params(), nets.manager(), 1729);
        return new LatentSyncModels(nets.unet(unetConfig), vae, nets.whisper(), "256px:sd-vae-random-1729");
    }

    private static void writeClip(Path portrait, Path out, int seconds) throws IOException {
        writeClip(portrait, out, seconds, 640, 360);
    }

    /**
     * A width x height clip of the portrait's head and shoulders (its top-centre 240 px square) filling 5/6
     * of the shorter side, drifting slowly sideways.
     */
    public static void writeClip(Path portrait, Path out, int seconds, int width, int height) throws IOException {
        BufferedImage face = ImageIO.read(portrait.toFile());
        int size = Math.min(width, height) * 5 / 6;
        try (VideoEncoder encoder = new VideoEncoder(out, width, height, "mp4")) {
            for (int i = 0; i < seconds * 25; i++) {
                Rgb frame = Rgb.blank(width, height);
                java.util.Arrays.fill(frame.pixels(), (byte) 60);
                int ox = (width - size) / 2 + (int) (size / 8 * Math.sin(i / 50.0));
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int rgb = face.getRGB(HEAD_X + x * HEAD / size, y * HEAD / size);
                        int fy = (height - size) / 2 + y;
                        frame.set(fy, ox + x, 0, (rgb >> 16) & 0xff);
                        frame.set(fy, ox + x, 1, (rgb >> 8) & 0xff);
                        frame.set(fy, ox + x, 2, rgb & 0xff);
                    }
                }
                encoder.writeVideo(frame);
            }
            encoder.commit();
        }
    }
}
