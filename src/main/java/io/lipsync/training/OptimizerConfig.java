package io.lipsync.training;

import static io.lipsync.training.ConfigValues.number;

import io.lipsync.util.UserError;
import java.util.Map;

/**
 * A training config's {@code optimizer:} section: AdamW's rate, the gradient clipping norm, and the rate's
 * schedule under diffusers' names (upstream's configs: constant, no warm-up).
 */
public record OptimizerConfig(double lr, double maxGradNorm, LrSchedule.Shape lrScheduler, long lrWarmupSteps) {

    static OptimizerConfig parse(Map<String, Object> optimizer, double defaultLr, String source) {
        if (Boolean.TRUE.equals(optimizer.get("scale_lr"))) {
            throw new UserError(source + ": optimizer.scale_lr is not implemented (upstream's configs set false)",
                    "set scale_lr: false and give the rate you want as lr (or --lr)");
        }
        String name = String.valueOf(optimizer.getOrDefault("lr_scheduler", "constant"));
        LrSchedule.Shape shape = switch (name) {
            case "constant", "constant_with_warmup" -> LrSchedule.Shape.CONSTANT;
            case "cosine" -> LrSchedule.Shape.COSINE;
            default -> throw new UserError(source + ": optimizer.lr_scheduler " + name + " is not implemented",
                    "use constant, constant_with_warmup or cosine");
        };
        return new OptimizerConfig(number(optimizer, "lr", defaultLr), number(optimizer, "max_grad_norm", 1.0), shape,
                (long) number(optimizer, "lr_warmup_steps", 0));
    }
}
