package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.Param;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.testing.SharedFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny SyncNet trained on fixed synthetic batches: the loss falls, and a resumed run is the same run. */
class SyncNetTrainingTest {
    @TempDir
    Path dir;

    /** A training run on the tiny SyncNet; batches depend only on the step, so a resume sees the same data. */
    private static final class Run implements AutoCloseable {
        final NDManager manager = NDManager.newBaseManager();
        final StableSyncNet net;
        final List<Param> trained;
        final AdamW optimizer;
        final SyncNetStep step;
        long globalStep;

        Run(double lr) {
            Path fixtures = SharedFixtures.parityTrain();
            net = new StableSyncNet(SyncNetConfig.load(fixtures.resolve("syncnet_tiny.yaml")));
            net.load(StateDict.load(fixtures.resolve("syncnet_tiny.pt")), manager);
            net.params().makeTrainable();
            trained = Trainable.select(net.params(), false, List.of());
            optimizer = new AdamW(AdamW.Config.upstream(lr), trained.stream().map(Param::value).toList());
            step = new SyncNetStep(net, optimizer, 1.0);
        }

        float train() {
            try (NDManager batch = manager.newSubManager()) {
                // Two fixed batches, alternating: enough to over-fit, which is what a smoke test can see. They
                // come from Java's Random, not libtorch's global generator.
                Random random = new Random(globalStep % 2 + 7);
                NDArray frames = batch.create(values(random, 4 * 16 * 3 * 32 * 32, false), new Shape(4, 16, 3, 32, 32));
                NDArray mel = batch.create(values(random, 4 * 80 * 52, true), new Shape(4, 1, 80, 52));
                NDArray y = batch.create(new float[] {1, 0, 1, 0});
                float loss = step.run(frames, mel, y).loss().getFloat();
                globalStep++;
                return loss;
            }
        }

        private static float[] values(Random random, int n, boolean gaussian) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = gaussian ? (float) random.nextGaussian() : random.nextFloat() * 2 - 1;
            }
            return v;
        }

        /** Every trained weight, flattened and laid end to end. */
        float[] weights() {
            return NDArrays.concat(new NDList(trained.stream().map(p -> p.value().flatten()).toList())).toFloatArray();
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    @Test
    void theLossFallsOnDataItCanLearn() {
        try (Run run = new Run(1e-4)) {
            List<Float> losses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                losses.add(run.train());
            }
            double first = (losses.get(0) + losses.get(1)) / 2;
            double last = (losses.get(28) + losses.get(29)) / 2;
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last + ": " + losses);
        }
    }

    @Test
    void aStepLeavesNothingBehindOnTheModelsManager() {
        try (Run run = new Run(1e-4)) {
            run.train();
            int steady = run.manager.getManagedArrays().size();
            for (int i = 0; i < 4; i++) {
                run.train();
            }
            assertEquals(steady, run.manager.getManagedArrays().size(),
                    "arrays on the model's manager after 1 and after 5 steps (gradients, moments' temporaries)");
        }
    }

    /** Runs in a JVM of its own. */
    @Test
    void aResumedRunContinuesTheSameTrajectory() throws Exception {
        Path log = dir.resolve("resume.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                SyncNetTrainingTest.class.getName(), dir.resolve("run").toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "the resume check ended");
        String out = java.nio.file.Files.readString(log);
        assertTrue(out.contains("RESUME OK") && p.exitValue() == 0, out);
    }

    /** The resume check: 8 straight steps against 4, a checkpoint, a fresh start from it, and 4 more. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Float> straight = new ArrayList<>();
        float[] straightWeights;
        try (Run run = new Run(1e-4)) {
            for (int i = 0; i < 8; i++) {
                straight.add(run.train());
            }
            straightWeights = run.weights();
        }
        try (Run first = new Run(1e-4)) {
            for (int i = 0; i < 4; i++) {
                first.train();
            }
            TrainingCheckpoint.save(dir, first.globalStep, first.net.params(), first.optimizer, first.trained);
        }
        List<Float> resumed = new ArrayList<>();
        float[] resumedWeights;
        try (Run second = new Run(1e-4)) {
            long step = TrainingCheckpoint.latest(dir).orElseThrow();
            assertEquals(4, step);
            TrainingCheckpoint.restore(dir, step, second.net.params(), second.optimizer, second.trained);
            second.globalStep = step;
            for (int i = 0; i < 4; i++) {
                resumed.add(second.train());
            }
            resumedWeights = second.weights();
        }
        assertEquals(straight.subList(4, 8), resumed, "the losses of steps 5-8");
        double maxDiff = 0;
        for (int i = 0; i < straightWeights.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(straightWeights[i] - resumedWeights[i]));
        }
        assertEquals(0.0, maxDiff, "the weights after step 8");
        // The checkpoint is upstream's layout: our own loader (and torch.load) read it as a state dict.
        StateDict saved = StateDict.load(TrainingCheckpoint.weights(dir, 4));
        assertEquals(4L, ((Number) saved.extras().get("global_step")).longValue());
        System.out.println("RESUME OK: losses of steps 5-8 " + resumed + " equal the straight run's");
        System.exit(0);
    }
}
