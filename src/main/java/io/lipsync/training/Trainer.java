package io.lipsync.training;

import ai.djl.ndarray.NDManager;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The one training loop: each step sets its learning rate, trains on its batch and logs it; validation and
 * checkpoints come on their cadences, and a last checkpoint when the run ends or is asked to stop. A resumed
 * run starts from the newest checkpoint and retraces the straight one. What differs between models (batches,
 * losses, validation) is a {@link Task}.
 */
public final class Trainer {
    /** What one model brings to the loop. */
    public interface Task {
        /** The weights a checkpoint holds and the optimiser state a resume puts back. */
        Optimised optimised();

        /** One optimiser step on batch number {@code step} (from 0), its arrays in {@code scope}: its metrics. */
        Map<String, Number> train(long step, NDManager scope);

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

    /** The weights training changes, and the optimiser state kept beside them. */
    public record Optimised(Params params, AdamW optimizer, List<Param> trained, GradScaler scaler) {}

    public record Chart(String title, Map<String, String> losses, Map<String, String> others) {}

    /** How long, how often, at what learning rate. */
    public record Plan(long maxSteps, long saveEvery, long validateEvery, LrSchedule lr) {}

    /** How the run ended: its last step, and whether a stop request ended it early. */
    public record Summary(long step, boolean stopped, Path checkpoint, Path metrics, Path chart) {}

    private Trainer() {}

    /** {@code start}: the listener's opening line; {@code scope}: where each step's arrays live. */
    static Summary run(RunFolder run, boolean resume, Task task, Plan plan, NDManager scope, String start,
            List<String> notes, TrainingListener listener, BooleanSupplier stopRequested) throws IOException {
        Optimised o = task.optimised();
        long step = 0;
        if (resume) {
            step = run.resumeStep();
            TrainingCheckpoint.restore(run.checkpoints, step, o.params(), o.optimizer(), o.trained(), o.scaler());
        }
        listener.started(step, plan.maxSteps(), start + ", " + plan.lr(), notes);
        // Drawn now too: a stop request ends the run inside the JVM's shutdown, when AWT cannot start.
        chart(run, task);
        Path saved = null;
        long savedAt = -1;
        while (step < plan.maxSteps() && !stopRequested.getAsBoolean()) {
            double lr = plan.lr().at(step);
            o.optimizer().learningRate(lr);
            Map<String, Number> metrics = new LinkedHashMap<>();
            try (NDManager batch = scope.newSubManager()) {
                metrics.putAll(task.train(step, batch));
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

    private static Path save(RunFolder run, long step, Task task, TrainingListener listener) throws IOException {
        Optimised o = task.optimised();
        TrainingCheckpoint.save(run.checkpoints, step, o.params(), o.optimizer(), o.trained(), o.scaler(),
                task.checkpointLists(run.log));
        Path file = TrainingCheckpoint.weights(run.checkpoints, step);
        listener.saved(step, file);
        return file;
    }

    private static void chart(RunFolder run, Task task) throws IOException {
        Chart c = task.chart();
        run.chart(c.title(), c.losses(), c.others());
    }
}
