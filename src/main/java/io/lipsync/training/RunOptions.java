package io.lipsync.training;

import java.nio.file.Path;

/**
 * What every training run is told from the command line; null counts take the config's values.
 *
 * @param cache caches of the clips' mel spectrograms, Whisper features and faces
 */
public record RunOptions(Path data, Path out, Path cache, boolean resume, Integer batch, Long maxSteps, Long saveEvery,
        Long validateEvery) {

    /** The run's length, cadences and learning rates: each option given wins over the config's value. */
    Trainer.Plan plan(StepOptions step, long maxSteps, long saveEvery, long validateEvery, OptimizerConfig optimizer) {
        long last = this.maxSteps != null ? this.maxSteps : maxSteps;
        return new Trainer.Plan(last, this.saveEvery != null ? this.saveEvery : saveEvery,
                this.validateEvery != null ? this.validateEvery : validateEvery,
                new LrSchedule(step.lr() != null ? step.lr() : optimizer.lr(),
                        step.lrShape() != null ? step.lrShape() : optimizer.lrScheduler(),
                        step.warmupSteps() != null ? step.warmupSteps() : optimizer.lrWarmupSteps(), last));
    }

    int batch(int configured) {
        return batch != null ? batch : configured;
    }
}
