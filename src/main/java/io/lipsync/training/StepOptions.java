package io.lipsync.training;

/**
 * How each step computes, from the command line.
 *
 * @param precision null: the config's mixed_precision_training as {@link Precision#resolve} reads it
 * @param gradientCheckpointing null: the config's (off where the config has no such setting)
 * @param lr null: the config's optimizer.lr
 * @param lrShape the schedule after the warm-up; null: the config's optimizer.lr_scheduler
 * @param warmupSteps steps of linear warm-up from zero; null: the config's optimizer.lr_warmup_steps
 */
public record StepOptions(Precision precision, Boolean gradientCheckpointing, Double lr, LrSchedule.Shape lrShape,
        Long warmupSteps) {}
