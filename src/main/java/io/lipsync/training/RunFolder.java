package io.lipsync.training;

import io.lipsync.util.AtomicFiles;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A training run's folder: {@code checkpoints/}, {@code metrics.jsonl}, the curves' PNG and the config it
 * ran with. A fresh run refuses a folder that already holds a run; a resumed one continues the newest
 * complete checkpoint and drops the metrics written after it. A process killed while writing a checkpoint
 * leaves only a hidden {@code .checkpoint-*.part} file (checkpoints are renamed into place whole, the state
 * file last); resuming removes those, which at full size are gigabytes each.
 */
final class RunFolder {
    final Path out;
    final Path checkpoints;
    final MetricsLog log;
    final Path chart;

    private RunFolder(Path out) {
        this.out = out;
        this.checkpoints = out.resolve("checkpoints");
        this.log = new MetricsLog(out.resolve("metrics.jsonl"));
        this.chart = out.resolve("loss.png");
    }

    /** Opens {@code out} for a run; returns the step to continue from (0 for a fresh run). */
    static RunFolder open(Path out, boolean resume, String configYaml) throws IOException {
        RunFolder run = new RunFolder(out);
        if (!resume && TrainingCheckpoint.latest(run.checkpoints).isPresent()) {
            throw new UserError(out + " already holds a training run", "add --resume to continue it, or give "
                    + "another --out");
        }
        if (resume && TrainingCheckpoint.latest(run.checkpoints).isEmpty()) {
            throw new UserError("--resume: no checkpoint in " + run.checkpoints, "start without --resume");
        }
        Files.createDirectories(out);
        if (resume) {
            run.removeInterruptedWrites();
        }
        AtomicFiles.write(out.resolve("config.yaml"), configYaml);
        return run;
    }

    private void removeInterruptedWrites() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(checkpoints)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".checkpoint-") && name.endsWith(".part")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The step of the newest checkpoint, after dropping the metrics written past it. */
    long resumeStep() throws IOException {
        long step = TrainingCheckpoint.latest(checkpoints).orElseThrow();
        log.truncateAfter(step);
        return step;
    }

    void chart(String title, Map<String, String> left, Map<String, String> right) throws IOException {
        LossChart.write(chart, title, log.read(), left, right);
    }
}
