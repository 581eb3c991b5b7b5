package io.lipsync.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.training.AdamW;
import io.lipsync.training.Precision;
import io.lipsync.training.SyncNetBatches;
import io.lipsync.training.SyncNetStep;
import io.lipsync.training.Trainable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Times full-size SyncNet training steps (forward, backward, clipping, AdamW) on random weights and random
 * batches of upstream's sample shape: 16 frames of 3 x R x R and a mel window of 80 x 52. Upstream's batch
 * of 256 does not fit in a CPU machine's memory at once, so it runs as micro-batches with their gradients
 * accumulated: the same update, memory of one micro-batch.
 */
public final class SyncNetTrainBenchmark {
    public record Result(String config, int batch, int microBatch, List<Double> stepSeconds, long peakRssMiB,
            long parameters) {
        public double meanSeconds() {
            return stepSeconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private SyncNetTrainBenchmark() {}

    public static Result run(String configName, int batch, int microBatch, int steps, boolean checkpointing,
            Precision precision, Device device, Consumer<String> log) {
        SyncNetConfig config = SyncNetConfig.parse(SyncNetConfig.readYaml(configName), configName);
        int frames = config.frames();
        int r = config.resolution();
        int melWidth = SyncNetMel.windowLength(frames);
        try (NDManager m = NDManager.newBaseManager(device)) {
            StableSyncNet net = new StableSyncNet(config);
            RandomWeights.torchDefaults(net.params(), m, 1);
            net.params().makeTrainable();
            List<Param> trained = Trainable.select(net.params(), false, List.of());
            long parameters = Trainable.count(trained);
            AdamW optimizer = new AdamW(AdamW.Config.upstream(1e-5), trained.stream().map(Param::value).toList());
            SyncNetStep step = new SyncNetStep(net, optimizer, 1.0, checkpointing, precision);
            log.accept(String.format("built %s (%,d parameters) with random weights; RSS %d MiB", configName,
                    parameters, Memory.rssMiB()));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i <= steps; i++) {
                try (NDManager b = m.newSubManager()) {
                    List<SyncNetBatches.Batch> micro = new ArrayList<>();
                    for (int k = 0; k < batch / microBatch; k++) {
                        micro.add(new SyncNetBatches.Batch(b.randomUniform(-1f, 1f, new Shape(microBatch, frames, 3, r, r)),
                                b.randomUniform(-4f, 4f, new Shape(microBatch, 1, SyncNetMel.MELS, melWidth)),
                                b.randomInteger(0, 2, new Shape(microBatch), ai.djl.ndarray.types.DataType.INT32)
                                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)));
                    }
                    long start = System.nanoTime();
                    step.run(micro).loss().getFloat();
                    double s = (System.nanoTime() - start) / 1e9;
                    // The first step also allocates the optimiser's moments and warms up the kernels.
                    log.accept(String.format("%s step %d: %.1f s; RSS %d MiB", i == 0 ? "warm-up" : "timed", i, s,
                            Memory.rssMiB()));
                    if (i > 0) {
                        times.add(s);
                    }
                }
            }
            return new Result(configName, batch, microBatch, times, Memory.peakRssMiB(), parameters);
        }
    }
}
