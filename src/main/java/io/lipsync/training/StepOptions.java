package io.lipsync.training;

/**
 * How each step computes, from the command line.
 *
 * @param precision null: the config's mixed_precision_training as {@link Precision#resolve} reads it
 * @param gradientCheckpointing null: the config's (off where the config has no such setting)
 * @param lr null: the config's optimizer.lr
 * @param lrShape the schedule after the warm-up (upstream: constant)
 * @param warmupSteps steps of linear warm-up from zero (upstream: 0)
 */
public record StepOptions(Precision precision, Boolean gradientCheckpointing, Double lr, LrSchedule.Shape lrShape,
        long warmupSteps) {
    /** Upstream's: the config's precision, checkpointing and constant learning rate. */
    public static final StepOptions CONFIG = new StepOptions(null, null, null, LrSchedule.Shape.CONSTANT, 0);
}
