package io.lipsync.training;

import io.lipsync.nets.Nets;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.yaml.snakeyaml.Yaml;

/**
 * upstream's train_syncnet.py on one device: batches from prepared clips, one {@link SyncNetStep} per
 * step, validation loss and accuracy every {@code validationSteps}, checkpoints every {@code saveSteps}
 * and when stopped, metrics in {@code metrics.jsonl} and curves in {@code loss.png}. A run resumed from
 * its newest checkpoint continues exactly: the batches depend only on the seed and the step, and the
 * optimiser's state is saved beside the weights.
 */
public final class SyncNetTraining {
    /** Command-line choices; null fields take the config's values. */
    /** {@code gradientCheckpointing}: recompute encoder activations in the backward pass (less memory, slower). */
    public record Options(String config, Path data, Path val, Path out, Path cache, Path init, boolean resume,
            Device device, Integer batch, Long maxSteps, Long validationSteps, Long saveSteps, Integer valSamples,
            boolean gradientCheckpointing, Precision precision) {}

    /** How the run ended: its last step, and whether a stop request ended it early. */
    public record Summary(long step, boolean stopped, Path checkpoint, Path metrics, Path chart) {}

    /** Upstream validates in batches of at most 640 frames. */
    private static final int VAL_FRAMES_PER_BATCH = 640;

    private SyncNetTraining() {}

    public static Summary run(Options o, TrainingListener listener, BooleanSupplier stopRequested) throws IOException {
        SyncNetTrainConfig c = SyncNetTrainConfig.load(o.config());
        int frames = c.model().frames();
        int batch = o.batch() != null ? o.batch() : c.batchSize();
        long maxSteps = o.maxSteps() != null ? o.maxSteps() : c.maxTrainSteps();
        long valEvery = o.validationSteps() != null ? o.validationSteps() : c.validationSteps();
        long saveEvery = o.saveSteps() != null ? o.saveSteps() : c.saveSteps();
        int valSamples = o.valSamples() != null ? o.valSamples() : c.numValSamples();
        RunFolder run = RunFolder.open(o.out(), o.resume(), new Yaml().dump(SyncNetConfig.readYaml(o.config())));
        Path checkpoints = run.checkpoints;
        MetricsLog log = run.log;
        List<String> notes = new ArrayList<>(c.notes());
        PreparedClips train = PreparedClips.open(o.data(), c.model().resolution(), o.cache().resolve("mel"), p -> {});
        train.skipped().forEach(s -> notes.add("skipped " + s.path() + ": " + s.reason()));
        PreparedClips val = train;
        if (o.val() != null) {
            val = PreparedClips.open(o.val(), c.model().resolution(), o.cache().resolve("mel"), p -> {});
        } else {
            notes.add("validating on the training clips (give --val DIR for held-out clips)");
        }
        Precision precision = Precision.resolve(o.precision(), c.mixedPrecision(), o.device(), notes);
        GradScaler scaler = precision.scaler();
        try (NDManager m = NDManager.newBaseManager(o.device())) {
            StableSyncNet net = new StableSyncNet(c.model());
            Path init = o.init() != null ? o.init() : c.initCheckpoint().isEmpty() ? null : Path.of(c.initCheckpoint());
            if (init != null) {
                Nets.load(net, init, m);
            } else {
                RandomWeights.torchDefaults(net.params(), m, c.seed());
            }
            net.params().makeTrainable();
            List<Param> trained = Trainable.select(net.params(), false, List.of());
            AdamW optimizer = new AdamW(AdamW.Config.upstream(c.lr()), trained.stream().map(Param::value).toList());
            SyncNetStep step = new SyncNetStep(net, optimizer, scaler, c.maxGradNorm(), o.gradientCheckpointing(),
                    precision);
            long global = 0;
            if (o.resume()) {
                global = run.resumeStep();
                TrainingCheckpoint.restore(checkpoints, global, net.params(), optimizer, trained, scaler);
            }
            SyncNetBatches trainBatches = new SyncNetBatches(train, frames, c.seed());
            SyncNetBatches valBatches = new SyncNetBatches(val, frames, c.seed() + 1);
            listener.started(global, maxSteps, "training on " + train.clips().size() + " clips", notes);
            // Drawn now too: a stop request ends the run inside the JVM's shutdown, when AWT cannot start.
            chart(run);
            Path saved = null;
            long savedAt = -1;
            while (global < maxSteps && !stopRequested.getAsBoolean()) {
                try (NDManager b = m.newSubManager()) {
                    List<SyncNetBatches.Batch> micro = new ArrayList<>();
                    for (int i = 0; i < c.gradientAccumulation(); i++) {
                        micro.add(trainBatches.get(global * c.gradientAccumulation() + i, batch, b));
                    }
                    SyncNetStep.Result r = step.run(micro);
                    global++;
                    float loss = r.loss().getFloat();
                    float accuracy = r.accuracy(join(micro));
                    log.append(global, "train", Map.of("loss", loss, "accuracy", accuracy, "grad_norm",
                            r.gradTotalNorm(), "skipped", r.stepped() ? 0 : 1));
                    listener.trained(global, String.format("loss %.4f acc %.2f", loss, accuracy));
                }
                if (global % valEvery == 0) {
                    float[] v = validate(step, valBatches, Math.min(VAL_FRAMES_PER_BATCH / frames, batch), valSamples, m);
                    log.append(global, "val", Map.of("loss", v[0], "accuracy", v[1]));
                    listener.validated(global, String.format("loss %.4f, accuracy %.3f", v[0], v[1]));
                    chart(run);
                }
                if (global % saveEvery == 0) {
                    saved = save(checkpoints, global, net, optimizer, trained, scaler, log);
                    savedAt = global;
                    listener.saved(global, saved);
                }
            }
            if (savedAt != global) {
                saved = save(checkpoints, global, net, optimizer, trained, scaler, log);
                listener.saved(global, saved);
            }
            chart(run);
            return new Summary(global, global < maxSteps, saved, log.file(), run.chart);
        }
    }

    private static NDArray join(List<SyncNetBatches.Batch> micro) {
        return micro.size() == 1 ? micro.get(0).y()
                : NDArrays.concat(new NDList(micro.stream().map(SyncNetBatches.Batch::y).toList()));
    }

    /** Mean loss and accuracy over the same validation batches every time (batch numbers 0, 1, ...). */
    private static float[] validate(SyncNetStep step, SyncNetBatches batches, int size, int samples, NDManager m) {
        int count = Math.max(1, (samples + size - 1) / size);
        double loss = 0;
        double accuracy = 0;
        for (int i = 0; i < count; i++) {
            try (NDManager b = m.newSubManager()) {
                float[] v = step.evaluate(batches.get(i, size, b));
                loss += v[0];
                accuracy += v[1];
            }
        }
        return new float[] {(float) (loss / count), (float) (accuracy / count)};
    }

    /** The checkpoint, with the loss lists upstream's script reads back when it resumes from one. */
    private static Path save(Path dir, long step, StableSyncNet net, AdamW optimizer, List<Param> trained,
            GradScaler scaler, MetricsLog log) throws IOException {
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        for (String k : List.of("train_step_list", "train_loss_list", "val_step_list", "val_loss_list")) {
            lists.put(k, new ArrayList<>());
        }
        for (var line : log.read()) {
            String kind = line.get("kind").getAsString();
            if (line.get("loss") != null && !line.get("loss").isJsonNull()) {
                lists.get(kind + "_step_list").add(line.get("step").getAsLong());
                lists.get(kind + "_loss_list").add(line.get("loss").getAsDouble());
            }
        }
        TrainingCheckpoint.save(dir, step, net.params(), optimizer, trained, scaler, lists);
        return TrainingCheckpoint.weights(dir, step);
    }

    private static void chart(RunFolder run) throws IOException {
        Map<String, String> losses = new LinkedHashMap<>();
        losses.put("train loss", "train.loss");
        losses.put("val loss", "val.loss");
        run.chart("SyncNet training", losses, Map.of("val accuracy", "val.accuracy"));
    }
}
