package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.SyntheticClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lipsync train syncnet} end to end, each run in a process of its own as a user runs it: the tiny
 * SyncNet on synthetic prepared clips learns (loss down, accuracy up), a resumed run retraces the straight
 * one, and a stop request (SIGTERM, as Ctrl-C) saves a checkpoint.
 */
class TrainSyncNetCommandTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path config;

    @BeforeAll
    static void clips() throws Exception {
        data = dir.resolve("data");
        SyntheticClips.write(data, 4, 100, 64, 11);
        config = dir.resolve("syncnet_tiny_train.yaml");
        Files.writeString(config, Files.readString(SharedFixtures.parityTrain().resolve("syncnet_tiny.yaml"))
                .replace("lr: 1.0e-05", "lr: 3.0e-04"));
    }

    private static Process start(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.lipsync.cli.Main", "train", "syncnet",
                "--config", config.toString(), "--data", data.toString(), "--cache", dir.resolve("mel").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String run(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "train", ".log");
        Process p = start(log, args);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "training ended");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static List<JsonObject> lines(Path out, String kind) throws Exception {
        return new MetricsLog(out.resolve("metrics.jsonl")).read().stream()
                .filter(l -> l.get("kind").getAsString().equals(kind)).toList();
    }

    @Test
    void itLearnsWritesCurvesAndCheckpointsInUpstreamsLayout() throws Exception {
        Path out = dir.resolve("learn");
        String log = run("--out", out.toString(), "--batch", "16", "--max-steps", "100", "--val-every", "25",
                "--save-every", "50", "--val-samples", "64");
        assertTrue(log.contains("finished at step 100"), log);
        List<JsonObject> train = lines(out, "train");
        assertEquals(100, train.size());
        double first = mean(train.subList(0, 20), "loss");
        double last = mean(train.subList(80, 100), "loss");
        assertTrue(last < 0.85 * first, "train loss " + first + " -> " + last);
        assertTrue(mean(train.subList(80, 100), "accuracy") > mean(train.subList(0, 20), "accuracy"), "train accuracy");
        List<JsonObject> val = lines(out, "val");
        assertEquals(4, val.size());
        double accuracyAt25 = val.get(0).get("accuracy").getAsDouble();
        double accuracyAt100 = val.get(3).get("accuracy").getAsDouble();
        assertTrue(accuracyAt100 > accuracyAt25 && accuracyAt100 >= 0.7, "val accuracy " + val);
        assertTrue(Files.size(out.resolve("loss.png")) > 5_000, "loss.png drawn");
        StateDict saved = StateDict.load(out.resolve("checkpoints/checkpoint-100.pt"));
        assertEquals(100L, ((Number) saved.extras().get("global_step")).longValue());
        assertEquals(100, ((List<?>) saved.extras().get("train_loss_list")).size());
        assertEquals(List.of(25L, 50L, 75L, 100L), ((List<?>) saved.extras().get("val_step_list")).stream()
                .map(n -> ((Number) n).longValue()).toList());
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/checkpoint-50.pt")));
    }

    @Test
    void aResumedRunRetracesTheStraightOne() throws Exception {
        Path straight = dir.resolve("straight");
        run("--out", straight.toString(), "--batch", "4", "--max-steps", "12", "--val-every", "100", "--save-every", "100");
        Path resumed = dir.resolve("resumed");
        run("--out", resumed.toString(), "--batch", "4", "--max-steps", "6", "--val-every", "100", "--save-every", "100");
        String refused = runFailing(1, "--out", resumed.toString(), "--max-steps", "12");
        assertTrue(refused.contains("already holds a training run") && refused.contains("--resume"), refused);
        run("--out", resumed.toString(), "--batch", "4", "--max-steps", "12", "--val-every", "100", "--save-every", "100",
                "--resume");
        TensorData a = StateDict.load(straight.resolve("checkpoints/checkpoint-12.pt")).get("visual_encoder.conv_in.weight");
        TensorData b = StateDict.load(resumed.resolve("checkpoints/checkpoint-12.pt")).get("visual_encoder.conv_in.weight");
        assertEquals(losses(straight), losses(resumed));
        assertArrayEquals(a.toFloats(), b.toFloats());
    }

    /** --set replaces the config's keys by name, and each step runs at the scheduled rate the log records. */
    @Test
    void settingsAndTheScheduleReachTheRun() throws Exception {
        Path out = dir.resolve("scheduled");
        run("--out", out.toString(), "--batch", "2", "--set", "run.max_train_steps=4", "--set", "optimizer.lr=0.002",
                "--lr-schedule", "cosine", "--warmup-steps", "1", "--val-every", "100", "--save-every", "100");
        LrSchedule expected = new LrSchedule(0.002, LrSchedule.Shape.COSINE, 1, 4);
        assertEquals(List.of(expected.at(0), expected.at(1), expected.at(2), expected.at(3)),
                lines(out, "train").stream().map(l -> l.get("lr").getAsDouble()).toList());
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("max_train_steps: 4"), "the run keeps the set config");
        String typo = runFailing(2, "--out", dir.resolve("typo").toString(), "--set", "run.max_train_step=4");
        assertTrue(typo.contains("no key run.max_train_step"), typo);
    }

    @Test
    void aStopRequestSavesACheckpointAndExits() throws Exception {
        Path out = dir.resolve("stopped");
        Path log = dir.resolve("stopped.log");
        Process p = start(log, "--out", out.toString(), "--batch", "4", "--max-steps", "100000", "--val-every", "100000",
                "--save-every", "100000");
        Path metrics = out.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while ((!Files.isRegularFile(metrics) || Files.readAllLines(metrics).size() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        p.destroy();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stopped");
        String printed = Files.readString(log);
        long step = TrainingCheckpoint.latest(out.resolve("checkpoints")).orElseThrow(() -> new AssertionError(printed));
        assertTrue(step >= 3, printed);
        assertEquals(step, lines(out, "train").size(), printed);
        assertTrue(printed.contains("stopped at step " + step), printed);
        assertEquals(143, p.exitValue(), "a run SIGTERM stopped ends with the shell's status for it: " + printed);
    }

    /**
     * SIGKILL at random moments of a run that saves every step, three times, then a kill mid-write made by
     * hand (the hidden part file a kill leaves, and weights whose state file never came): every resume starts
     * from the newest complete checkpoint, and the finished run has each step's metrics once and no leftovers.
     */
    @Test
    void killedAtRandomItResumesFromTheNewestCompleteCheckpoint() throws Exception {
        Path out = dir.resolve("killed");
        Path checkpoints = out.resolve("checkpoints");
        java.util.Random random = new java.util.Random(11);
        long previous = 0;
        for (int round = 0; round < 3; round++) {
            List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--batch", "4", "--max-steps",
                    "100000", "--val-every", "100000", "--save-every", "1"));
            if (round > 0) {
                args.add("--resume");
            }
            Path log = dir.resolve("killed-" + round + ".log");
            Process p = start(log, args.toArray(String[]::new));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            long target = previous + 2;
            while (TrainingCheckpoint.latest(checkpoints).orElse(0L) < target && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(500));
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "killed");
            long step = TrainingCheckpoint.latest(checkpoints).orElseThrow(() -> new AssertionError(read(log)));
            assertTrue(step >= target, "round " + round + " reached step " + step + "\n" + read(log));
            // The newest complete checkpoint reads back whole.
            StateDict.load(TrainingCheckpoint.weights(checkpoints, step));
            io.lipsync.checkpoint.SafetensorsReader.read(TrainingCheckpoint.state(checkpoints, step));
            previous = step;
        }
        Files.write(checkpoints.resolve(".checkpoint-" + (previous + 1) + ".state.safetensors8071.part"),
                new byte[4096]);
        Files.copy(TrainingCheckpoint.weights(checkpoints, previous), TrainingCheckpoint.weights(checkpoints,
                previous + 1));
        long end = previous + 3;
        run("--out", out.toString(), "--batch", "4", "--max-steps", String.valueOf(end), "--val-every", "100000",
                "--save-every", "1", "--resume");
        assertEquals(end, TrainingCheckpoint.latest(checkpoints).orElseThrow());
        List<Long> steps = lines(out, "train").stream().map(l -> l.get("step").getAsLong()).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, end).boxed().toList(), steps);
        try (java.util.stream.Stream<Path> left = Files.list(checkpoints)) {
            List<String> parts = left.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
            assertEquals(List.of(), parts, "interrupted writes are removed on resume");
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A run refused: exit status 1, or 2 when an option is wrong. */
    private static String runFailing(int status, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "train", ".log");
        Process p = start(log, args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(status, p.exitValue());
        return Files.readString(log);
    }

    private static double mean(List<JsonObject> lines, String key) {
        return lines.stream().mapToDouble(l -> l.get(key).getAsDouble()).average().orElseThrow();
    }

    private static List<Double> losses(Path out) throws Exception {
        return lines(out, "train").stream().map(l -> l.get("loss").getAsDouble()).toList();
    }

}
