package io.lipsync.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times full-size U-Net forward passes on the shapes one guided chunk uses: batch 2 (zero audio and audio),
 * F frames, 13 input channels at latent resolution, 50 audio tokens of width 384 per frame.
 */
public final class UNetBenchmark {
    /** The measured figures. */
    public record Result(String config, int frames, int batch, int latent, List<Double> stepMillis,
            long peakRssMiB, OpProfile.Result profile) {
        public double meanMillis() {
            return stepMillis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        /** Video frames produced per second when a chunk needs {@code steps} such passes. */
        public double framesPerSecond(int steps) {
            return frames / (meanMillis() * steps / 1000.0);
        }
    }

    private UNetBenchmark() {}

    /** {@code profileTrace}: where one more pass, under libtorch's profiler, leaves its trace (null: no such pass). */
    public static Result run(String configName, int frames, int steps, boolean guided, Device device, Path profileTrace,
            Consumer<String> log) throws IOException {
        UNetConfig cfg = UNetConfig.builtin(configName);
        int latent = cfg.latentSize();
        int batch = guided ? 2 : 1;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            UNet3D unet = new UNet3D(cfg);
            RandomWeights.fill(unet.params(), manager, 1247);
            log.accept("built " + configName + " with random weights; RSS " + Memory.rssMiB() + " MiB");
            manager.getEngine().setRandomSeed(7);
            NDArray sample = manager.randomNormal(new Shape(batch, cfg.blocks().inChannels(), frames, latent, latent));
            NDArray audio = manager.randomNormal(new Shape((long) batch * frames, 50, cfg.attention().crossAttentionDim()));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= steps; i++) {
                float t = 981 - 50f * i;
                long start = System.nanoTime();
                NDArray out = Ops.scoped(() -> unet.forward(sample, t, audio, null));
                out.toFloatArray();
                out.close();
                double ms = (System.nanoTime() - start) / 1e6;
                // The first pass warms up oneDNN's kernels and allocators; it is reported, not averaged.
                log.accept(String.format("%s pass %d: %.0f ms", i == 0 ? "warm-up" : "timed", i, ms));
                if (i > 0) {
                    times.add(ms);
                }
            }
            OpProfile.Result profile = null;
            if (profileTrace != null) {
                profile = OpProfile.of(() -> Ops.scoped(() -> unet.forward(sample, 981, audio, null)).toFloatArray(),
                        profileTrace);
            }
            return new Result(configName, frames, batch, latent, times, Memory.peakRssMiB(), profile);
        }
    }
}
