package io.lipsync.training;

import io.lipsync.util.UserError;
import java.util.Locale;

/**
 * The learning rate of each step as diffusers' schedulers give it: the rate held constant (upstream's configs), or
 * cosine decay from it to zero at the last step; either may begin with a linear warm-up from zero (step k of a
 * warm-up of n runs at k/n of the rate, so the first step's rate is zero).
 *
 * @param lr the peak rate
 * @param warmupSteps steps of linear warm-up (0: none)
 * @param totalSteps the run's last step, where cosine reaches zero
 */
public record LrSchedule(double lr, Shape shape, long warmupSteps, long totalSteps) {
    /** After the warm-up. */
    public enum Shape {
        CONSTANT, COSINE;

        public static Shape parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("--lr-schedule must be constant or cosine, not '" + name + "'");
            }
        }
    }

    public LrSchedule {
        if (!(lr > 0)) {
            throw new UserError("the learning rate (--lr, or the config's optimizer.lr) must be above 0, not " + lr);
        }
        if (warmupSteps < 0) {
            throw new UserError("the warm-up (--warmup-steps, or the config's optimizer.lr_warmup_steps) must be 0 "
                    + "or more, not " + warmupSteps);
        }
    }

    /** The rate of step {@code step} (counted from 0: the step about to run). */
    public double at(long step) {
        if (step < warmupSteps) {
            return lr * step / warmupSteps;
        }
        if (shape == Shape.CONSTANT) {
            return lr;
        }
        double progress = Math.min(1, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        return lr * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public String toString() {
        String warmup = warmupSteps == 0 ? "" : ", " + warmupSteps + " warm-up steps";
        return String.format(Locale.ROOT, "lr %.3g %s%s", lr, shape.name().toLowerCase(Locale.ROOT), warmup);
    }
}
