package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one training loop: the learning rate each step's update uses, its cadences, and a resume's trajectory. */
class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void schedulesGiveEachStepItsRate() {
        LrSchedule constant = new LrSchedule(1e-4, LrSchedule.Shape.CONSTANT, 0, 0);
        assertEquals(1e-4, constant.at(0));
        assertEquals(1e-4, constant.at(1_000_000));
        LrSchedule warm = new LrSchedule(1.0, LrSchedule.Shape.CONSTANT, 4, 100);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1, 1}, new double[] {warm.at(0), warm.at(1), warm.at(2),
                warm.at(3), warm.at(4), warm.at(50)});
        LrSchedule cosine = new LrSchedule(2.0, LrSchedule.Shape.COSINE, 0, 10);
        assertEquals(2.0, cosine.at(0), 1e-12);
        assertEquals(1.0, cosine.at(5), 1e-12, "half way down at half the run");
        assertEquals(0.0, cosine.at(10), 1e-12);
        assertEquals(0.0, cosine.at(12), 1e-12, "and stays there past the end");
        LrSchedule both = new LrSchedule(1.0, LrSchedule.Shape.COSINE, 2, 12);
        assertEquals(0.5, both.at(1), 1e-12);
        assertEquals(1.0, both.at(2), 1e-12, "the decay starts after the warm-up");
        assertEquals(0.5, both.at(7), 1e-12);
        assertThrows(UserError.class, () -> LrSchedule.Shape.parse("linear"));
        assertThrows(UserError.class, () -> new LrSchedule(0, LrSchedule.Shape.CONSTANT, 0, 1));
    }

    @Test
    void eachUpdateRunsAtTheScheduledRateAndTheLogSaysWhich() throws Exception {
        LrSchedule schedule = new LrSchedule(0.1, LrSchedule.Shape.COSINE, 2, 8);
        try (NDManager m = NDManager.newBaseManager()) {
            Recording task = new Recording(m);
            RunFolder run = RunFolder.open(dir.resolve("run"), false, "x: 1\n");
            Trainer.Summary s = Trainer.run(run, false, task, new Trainer.Plan(8, 3, 4, schedule), m,
                    new Trainer.Opening("test", List.of()), Recording.QUIET, () -> false);
            assertEquals(8, s.step());
            assertFalse(s.stopped());
            List<Double> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                expected.add(schedule.at(i));
            }
            assertEquals(expected, task.ratesSeen, "the rate the optimiser held when each step ran");
            List<JsonObject> lines = run.log.read();
            assertEquals(expected, lines.stream().filter(l -> l.get("kind").getAsString().equals("train"))
                    .map(l -> l.get("lr").getAsDouble()).toList());
            assertEquals(List.of(4L, 8L), lines.stream().filter(l -> l.get("kind").getAsString().equals("val"))
                    .map(l -> l.get("step").getAsLong()).toList());
            assertEquals(List.of(3L, 6L, 8L), TrainingCheckpointSteps.of(run.checkpoints), "every 3 steps and at the end");
        }
    }

    @Test
    void aResumedRunContinuesTheScheduleAndTheWeights() throws Exception {
        LrSchedule schedule = new LrSchedule(0.1, LrSchedule.Shape.COSINE, 1, 6);
        float[] straight;
        List<Double> straightRates;
        try (NDManager m = NDManager.newBaseManager()) {
            Recording task = new Recording(m);
            train("straight", false, task, schedule, m, () -> false);
            straight = task.weight.value().toFloatArray();
            straightRates = task.ratesSeen;
        }
        List<Double> resumedRates = new ArrayList<>();
        float[] resumed;
        try (NDManager m = NDManager.newBaseManager()) {
            Recording first = new Recording(m);
            int[] calls = {0};
            train("resumed", false, first, schedule, m, () -> calls[0]++ >= 3);
            resumedRates.addAll(first.ratesSeen);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Recording second = new Recording(m);
            Trainer.Summary s = train("resumed", true, second, schedule, m, () -> false);
            assertEquals(6, s.step());
            resumedRates.addAll(second.ratesSeen);
            resumed = second.weight.value().toFloatArray();
        }
        assertEquals(straightRates, resumedRates);
        assertArrayEquals(straight, resumed);
    }

    /** Six steps of {@code task} in run folder {@code folder}, saving and validating only at the end. */
    private Trainer.Summary train(String folder, boolean resume, Recording task, LrSchedule schedule, NDManager m,
            java.util.function.BooleanSupplier stop) throws java.io.IOException {
        RunFolder run = RunFolder.open(dir.resolve(folder), resume, "x: 1\n");
        return Trainer.run(run, resume, task, new Trainer.Plan(6, 100, 100, schedule), m,
                new Trainer.Opening("test", List.of()), Recording.QUIET, stop);
    }

    /**
     * One weight updated by AdamW with a fixed gradient (the loss is linear in it); it records the rate the
     * optimiser holds at each step.
     */
    private static final class Recording implements Trainer.Task<Long, Long> {
        static final TrainingListener QUIET = new TrainingListener() {
            @Override
            public void started(long fromStep, long toStep, String summary, List<String> notes) {}

            @Override
            public void trained(long step, String metrics) {}

            @Override
            public void validated(long step, String summary) {}

            @Override
            public void saved(long step, Path checkpoint) {}
        };

        final Param weight;
        final Params params;
        final ParamUpdate update;
        final List<Double> ratesSeen = new ArrayList<>();

        Recording(NDManager m) {
            params = Params.root();
            weight = params.add("w", 3);
            RandomWeights.fill(params, m, 5);
            params.makeTrainable();
            AdamW optimizer = new AdamW(AdamW.Config.upstream(1.0), List.of(weight.value()));
            update = new ParamUpdate(List.of(weight), optimizer, null, 1e9);
        }

        @Override
        public Params params() {
            return params;
        }

        @Override
        public ParamUpdate update() {
            return update;
        }

        @Override
        public List<Long> batches(long step, NDManager scope) {
            return List.of(step);
        }

        @Override
        public Long backward(Long step, Trainer.LossWeight share) {
            ratesSeen.add(update.optimizer().learningRate());
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray slope = weight().getManager().create(new float[] {1f, -2f, 0.5f}).mul(step + 1);
                c.backward(share.scaled(weight().mul(slope).sum()));
            }
            return step;
        }

        private NDArray weight() {
            return weight.value();
        }

        @Override
        public Map<String, Number> metrics(List<Long> steps, Trainer.Stepped<Long> stepped) {
            return Map.of("loss", (double) steps.get(0));
        }

        @Override
        public String brief(Map<String, Number> metrics) {
            return "loss " + metrics.get("loss");
        }

        @Override
        public Trainer.Validation validate(long step, NDManager scope) {
            return new Trainer.Validation(Map.of("score", step), "step " + step);
        }

        @Override
        public Trainer.Chart chart() {
            return new Trainer.Chart("test", Map.of("train loss", "train.loss"), Map.of("score", "val.score"));
        }
    }
}
