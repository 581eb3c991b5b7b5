package io.lipsync.training;

import io.lipsync.nets.Nets;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
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
    /**
     * Command-line choices beyond the run's and the step's: held-out clips ({@code val}, null: the training
     * clips), the weights to start from (null: the config's ckpt.resume_ckpt_path, else torch's initialisation),
     * validation samples (null: the config's).
     */
    public record Options(String config, RunOptions run, StepOptions step, Path val, Path init, Integer valSamples,
            Device device) {}

    /** Upstream validates in batches of at most 640 frames. */
    private static final int VAL_FRAMES_PER_BATCH = 640;

    private SyncNetTraining() {}

    public static Trainer.Summary run(Options o, TrainingListener listener, BooleanSupplier stopRequested)
            throws IOException {
        SyncNetTrainConfig c = SyncNetTrainConfig.load(o.config());
        RunOptions r = o.run();
        Trainer.Plan plan = r.plan(o.step(), c.run().maxTrainSteps(), c.ckpt().saveSteps(), c.run().validationSteps(),
                c.optimizer());
        RunFolder run = RunFolder.open(r.out(), r.resume(), new Yaml().dump(SyncNetConfig.readYaml(o.config())));
        List<String> notes = new ArrayList<>(c.notes());
        PreparedClips train = PreparedClips.open(r.data(), c.model().resolution(), r.cache().resolve("mel"), p -> {});
        train.skipped().forEach(s -> notes.add("skipped " + s.path() + ": " + s.reason()));
        PreparedClips val = train;
        if (o.val() != null) {
            val = PreparedClips.open(o.val(), c.model().resolution(), r.cache().resolve("mel"), p -> {});
        } else {
            notes.add("validating on the training clips (give --val DIR for held-out clips)");
        }
        Precision precision = Precision.resolve(o.step().precision(), c.run().mixedPrecision(), o.device(), notes);
        try (NDManager m = NDManager.newBaseManager(o.device())) {
            StableSyncNet net = new StableSyncNet(c.model());
            Path init = o.init() != null ? o.init() : c.ckpt().resumePath().isEmpty() ? null : Path.of(c.ckpt().resumePath());
            if (init != null) {
                Nets.load(net, init, m);
            } else {
                RandomWeights.torchDefaults(net.params(), m, c.run().seed());
            }
            net.params().makeTrainable();
            List<Param> trained = Trainable.select(net.params(), false, List.of());
            AdamW optimizer = new AdamW(AdamW.Config.upstream(plan.lr().lr()), trained.stream().map(Param::value).toList());
            SyncNetStep step = new SyncNetStep(net, optimizer, c.optimizer().maxGradNorm(),
                    Boolean.TRUE.equals(o.step().gradientCheckpointing()), precision);
            Task task = new Task(c, step, net.params(), new SyncNetBatches(train, c.model().frames(), c.run().seed()),
                    new SyncNetBatches(val, c.model().frames(), c.run().seed() + 1), r.batch(c.data().batchSize()),
                    o.valSamples() != null ? o.valSamples() : c.data().numValSamples());
            return Trainer.run(run, r.resume(), task, plan, m, new Trainer.Opening("training on " + train.clips().size()
                    + " clips", notes), listener, stopRequested);
        }
    }

    /** SyncNet's batches, loss and accuracy, and its validation. */
    private record Task(SyncNetTrainConfig c, SyncNetStep step, Params params, SyncNetBatches train,
            SyncNetBatches val, int batch, int valSamples) implements Trainer.Task<SyncNetBatches.Batch, SyncNetStep.Pass> {

        @Override
        public ParamUpdate update() {
            return step.update();
        }

        /** gradient_accumulation_steps micro-batches a step. */
        @Override
        public List<SyncNetBatches.Batch> batches(long global, NDManager scope) {
            List<SyncNetBatches.Batch> micro = new ArrayList<>();
            for (int i = 0; i < c.data().gradientAccumulation(); i++) {
                micro.add(train.get(global * c.data().gradientAccumulation() + i, batch, scope));
            }
            return micro;
        }

        @Override
        public SyncNetStep.Pass backward(SyncNetBatches.Batch micro, Trainer.LossWeight weight) {
            return step.backward(micro, weight);
        }

        @Override
        public Map<String, Number> metrics(List<SyncNetBatches.Batch> micro, Trainer.Stepped<SyncNetStep.Pass> s) {
            SyncNetStep.Result r = SyncNetStep.result(s);
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("loss", r.loss().getFloat());
            metrics.put("accuracy", r.accuracy(join(micro)));
            metrics.put("grad_norm", r.update().gradTotalNorm());
            metrics.put("skipped", r.update().stepped() ? 0 : 1);
            return metrics;
        }

        @Override
        public String brief(Map<String, Number> m) {
            return String.format("loss %.4f acc %.2f", m.get("loss").floatValue(), m.get("accuracy").floatValue());
        }

        /** Mean loss and accuracy over the same validation batches every time (batch numbers 0, 1, ...). */
        @Override
        public Trainer.Validation validate(long global, NDManager scope) {
            int size = Math.min(VAL_FRAMES_PER_BATCH / c.model().frames(), batch);
            int count = Math.max(1, (valSamples + size - 1) / size);
            double loss = 0;
            double accuracy = 0;
            for (int i = 0; i < count; i++) {
                try (NDManager b = scope.newSubManager()) {
                    float[] v = step.evaluate(val.get(i, size, b));
                    loss += v[0];
                    accuracy += v[1];
                }
            }
            float meanLoss = (float) (loss / count);
            float meanAccuracy = (float) (accuracy / count);
            return new Trainer.Validation(Map.of("loss", meanLoss, "accuracy", meanAccuracy),
                    String.format("loss %.4f, accuracy %.3f", meanLoss, meanAccuracy));
        }

        @Override
        public Trainer.Chart chart() {
            Map<String, String> losses = new LinkedHashMap<>();
            losses.put("train loss", "train.loss");
            losses.put("val loss", "val.loss");
            return new Trainer.Chart("SyncNet training", losses, Map.of("val accuracy", "val.accuracy"));
        }

        /** The loss lists upstream's script reads back when it resumes from a checkpoint. */
        @Override
        public Map<String, List<Object>> checkpointLists(MetricsLog log) throws IOException {
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
            return lists;
        }

        private static NDArray join(List<SyncNetBatches.Batch> micro) {
            return micro.size() == 1 ? micro.get(0).y()
                    : NDArrays.concat(new NDList(micro.stream().map(SyncNetBatches.Batch::y).toList()));
        }
    }
}
