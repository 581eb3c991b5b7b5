package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one training loop: each step sets its learning rate, back-propagates its micro-batches, unscales,
 * clips and applies AdamW, and logs; validation and checkpoints come on their cadences, and a last checkpoint
 * when the run ends or is asked to stop. A resumed run starts from the newest checkpoint and retraces the
 * straight one. What differs between models (batches, losses, validation) is a {@link Task}.
 */
public final class Trainer {
    /** What one model brings to the loop: micro-batches of type B, whose forward and backward give a P. */
    public interface Task<B, P> {
        /** The weights a checkpoint holds. */
        Params params();

        /** The trainable parameters, their optimiser and scaler, which a resume puts back. */
        ParamUpdate update();

        /** The micro-batches of optimiser step {@code step} (from 0), their arrays in {@code scope}. */
        List<B> batches(long step, NDManager scope);

        /** Forward and backward of one micro-batch, its loss weighted by {@code weight} before backward. */
        P backward(B batch, LossWeight weight);

        /** A step's metrics, from its micro-batches, their passes and the update. */
        Map<String, Number> metrics(List<B> batches, Stepped<P> stepped);

        /** What the progress bar shows of a step's metrics. */
        String brief(Map<String, Number> metrics);

        /** A validation after {@code step} steps, or null when there is nothing to validate with. */
        Validation validate(long step, NDManager scope) throws IOException;

        /** The curves: the loss-like series (label to "kind.metric") and those on the second axis. */
        Chart chart();

        /** Lists a checkpoint carries beside the weights (upstream's SyncNet script reads its loss lists back). */
        default Map<String, List<Object>> checkpointLists(MetricsLog log) throws IOException {
            return Map.of();
        }
    }

    /** A validation's metrics for the log, and its line for the user. */
    public record Validation(Map<String, Number> metrics, String summary) {}

    /**
     * A micro-batch's share of its step's loss, 1/{@code microBatches}, and the fp16 loss scale: the loss is
     * divided, then multiplied, before backward, as upstream's gradient accumulation does.
     */
    public record LossWeight(int microBatches, float scale) {
        public NDArray share(NDArray loss) {
            return loss.div(Constants.scalar(loss, microBatches));
        }

        public NDArray scaled(NDArray loss) {
            return share(loss).mul(Constants.scalar(loss, scale));
        }
    }

    /** Forward and backward of one micro-batch. */
    @FunctionalInterface
    public interface Backward<B, P> {
        P run(B batch, LossWeight weight);
    }

    /** An optimiser step's passes, one a micro-batch, and what the update did. */
    public record Stepped<P>(List<P> passes, ParamUpdate.Applied update) {}

    public record Chart(String title, Map<String, String> losses, Map<String, String> others) {}

    /** How long, how often, at what learning rate. */
    public record Plan(long maxSteps, long saveEvery, long validateEvery, LrSchedule lr) {}

    /** What the listener is told first: what is trained on what, and notes on the settings taken. */
    public record Opening(String line, List<String> notes) {}

    /** How the run ended: its last step, and whether a stop request ended it early. */
    public record Summary(long step, boolean stopped, Path checkpoint, Path metrics, Path chart) {}

    private Trainer() {}

    /** {@code scope}: where each step's arrays live. */
    static <B, P> Summary run(RunFolder run, boolean resume, Task<B, P> task, Plan plan, NDManager scope, Opening opening,
            TrainingListener listener, BooleanSupplier stopRequested) throws IOException {
        ParamUpdate u = task.update();
        long step = 0;
        if (resume) {
            step = run.resumeStep();
            TrainingCheckpoint.restore(run.checkpoints, step, task.params(), u.optimizer(), u.trainable(), u.scaler());
        }
        listener.started(step, plan.maxSteps(), opening.line() + ", " + plan.lr(), opening.notes());
        // Drawn now too: a stop request ends the run inside the JVM's shutdown, when AWT cannot start.
        chart(run, task);
        Path saved = null;
        long savedAt = -1;
        while (step < plan.maxSteps() && !stopRequested.getAsBoolean()) {
            double lr = plan.lr().at(step);
            u.optimizer().learningRate(lr);
            Map<String, Number> metrics = new LinkedHashMap<>();
            try (NDManager batch = scope.newSubManager()) {
                List<B> micro = task.batches(step, batch);
                metrics.putAll(task.metrics(micro, step(u, micro, task::backward)));
            }
            step++;
            metrics.put("lr", lr);
            run.log.append(step, "train", metrics);
            listener.trained(step, task.brief(metrics));
            if (step % plan.validateEvery() == 0) {
                Validation v;
                try (NDManager validation = scope.newSubManager()) {
                    v = task.validate(step, validation);
                }
                if (v != null) {
                    run.log.append(step, "val", v.metrics());
                    listener.validated(step, v.summary());
                    chart(run, task);
                }
            }
            if (step % plan.saveEvery() == 0) {
                saved = save(run, step, task, listener);
                savedAt = step;
            }
        }
        if (savedAt != step) {
            saved = save(run, step, task, listener);
        }
        chart(run, task);
        return new Summary(step, step < plan.maxSteps(), saved, run.log.file(), run.chart);
    }

    /**
     * One optimiser step, as upstream's loops take it: zero_grad; each micro-batch's weighted loss
     * back-propagated in turn, the gradients adding up; unscale (fp16), clip_grad_norm_, then AdamW unless a
     * gradient overflowed. Everything the step makes is freed with it but the passes and kept gradients. Until
     * the next step the parameters' gradients hold the clipped values.
     */
    public static <B, P> Stepped<P> step(ParamUpdate update, List<B> microBatches, Backward<B, P> backward) {
        update.zeroGradients();
        try (NDScope scope = new NDScope()) {
            LossWeight weight = new LossWeight(microBatches.size(), update.lossScale());
            List<P> passes = new ArrayList<>();
            for (B b : microBatches) {
                passes.add(backward.run(b, weight));
            }
            ParamUpdate.Gradients g = update.gradients();
            GradScaler scaler = update.scaler();
            boolean overflow = scaler != null && scaler.unscale(g.values());
            float total = GradClipping.clipGradNorm(g.values(), update.maxGradNorm());
            boolean stepped;
            if (scaler != null) {
                stepped = scaler.step(overflow, () -> update.optimizer().step(g.values()));
            } else {
                // Without loss scaling (float32) a non-finite gradient is still never applied: it would turn
                // every weight into NaN. The step is skipped, as GradScaler skips it in fp16.
                stepped = Float.isFinite(total);
                if (stepped) {
                    update.optimizer().step(g.values());
                }
            }
            Stepped<P> result = new Stepped<>(passes, new ParamUpdate.Applied(g.norms(), g.kept(), total, stepped));
            Survivors.keep(result);
            return result;
        }
    }

    private static Path save(RunFolder run, long step, Task<?, ?> task, TrainingListener listener) throws IOException {
        ParamUpdate u = task.update();
        TrainingCheckpoint.save(run.checkpoints, step, task.params(), u.optimizer(), u.trainable(), u.scaler(),
                task.checkpointLists(run.log));
        Path file = TrainingCheckpoint.weights(run.checkpoints, step);
        listener.saved(step, file);
        return file;
    }

    private static void chart(RunFolder run, Task<?, ?> task) throws IOException {
        Chart c = task.chart();
        run.chart(c.title(), c.losses(), c.others());
    }
}
