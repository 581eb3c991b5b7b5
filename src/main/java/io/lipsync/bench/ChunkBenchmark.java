package io.lipsync.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.AudioFeatureExtractor;
import io.lipsync.audio.LogMelSpectrogram;
import io.lipsync.latentsync.LatentSync;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.FaceLatents;
import io.lipsync.latentsync.LatentSyncModels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Times one whole chunk with full-size random-weight models: audio, VAE encode, denoising, VAE decode. */
public final class ChunkBenchmark {
    /** Milliseconds per stage, peak RSS, and the modules' times when asked for (else null). */
    public record Result(Map<String, Double> stageMillis, long peakRssMiB, OpProfile.Result profile) {}

    private ChunkBenchmark() {}

    /** {@code profiled}: under the profiler too, stage by stage and step by step (see OpProfile.ofParts). */
    public static Result run(String configName, int frames, DenoiseOptions options, Device device, boolean profiled,
            Consumer<String> log) {
        Map<String, Double> stages = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(device)) {
            LatentSyncModels models = FullSizeModels.random(configName, m);
            log.accept("built " + configName + ", SD VAE and Whisper tiny with random weights");
            m.getEngine().setRandomSeed(5);
            OpProfile.Parts chunk = cut -> stages.putAll(chunk(models, m, frames, options, log, cut));
            OpProfile.Result profile = null;
            if (profiled) {
                try {
                    profile = OpProfile.ofParts(chunk);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                chunk.run(() -> {});
            }
            return new Result(stages, Memory.peakRssMiB(), profile);
        }
    }

    /** {@code cut} runs between the parts (stages and denoising steps). */
    private static Map<String, Double> chunk(LatentSyncModels models, NDManager m, int frames, DenoiseOptions options,
            Consumer<String> log, Runnable cut) {
        Map<String, Double> stages = new LinkedHashMap<>();
        int resolution = models.resolution();
        long t0 = System.nanoTime();
        float[] samples = new float[frames * 16000 / 25 + 1600];
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.1 * random.nextGaussian());
        }
        NDArray features = new AudioFeatureExtractor(models.whisper()).features(new LogMelSpectrogram(80).compute(m, samples));
        NDArray audio = AudioFeatureExtractor.frameWindows(features, 0, frames);
        stages.put("audio features", lap(t0, log, "audio features"));
        cut.run();

        LatentSync latentSync = LatentSync.of(models);
        NDArray faces = m.randomUniform(-1f, 1f, new Shape(frames, 3, resolution, resolution));
        NDArray mask = m.ones(new Shape(frames, 1, resolution, resolution));
        long t1 = System.nanoTime();
        FaceLatents latents = latentSync.encodeFaces(faces, mask);
        int h = resolution / 8;
        NDArray masked = LatentSync.sampleLatents(latents.masked(), m.randomNormal(new Shape(frames, 4, h, h)));
        NDArray ref = LatentSync.sampleLatents(latents.reference(), m.randomNormal(new Shape(frames, 4, h, h)));
        stages.put("VAE encode", lap(t1, log, "VAE encode"));
        cut.run();

        long t2 = System.nanoTime();
        NDArray out = latentSync.denoiseChunk(m.randomNormal(new Shape(1, 4, 1, h, h)), latents.latentMask(), masked, ref,
                audio, options, (j, t, noise, full) -> {
                    log.accept("  step " + (j + 1) + "/" + options.steps() + (full ? " (full U-Net)" : " (DeepCache)")
                            + " at " + String.format("%.0f s", (System.nanoTime() - t2) / 1e9));
                    cut.run();
                });
        stages.put("denoise (" + options.steps() + " steps)", lap(t2, log, "denoise"));

        long t3 = System.nanoTime();
        latentSync.decode(out).toFloatArray();
        stages.put("VAE decode", lap(t3, log, "VAE decode"));
        return stages;
    }

    private static double lap(long start, Consumer<String> log, String what) {
        double ms = (System.nanoTime() - start) / 1e6;
        log.accept(String.format("%s: %.0f ms", what, ms));
        return ms;
    }
}
