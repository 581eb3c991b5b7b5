package io.lipsync.cli;

import io.lipsync.training.LrSchedule;
import io.lipsync.training.Precision;
import io.lipsync.training.RunOptions;
import io.lipsync.training.StepOptions;
import io.lipsync.util.Folders;
import io.lipsync.util.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every training command asks for: data, run folder, device, run length and caches. */
final class TrainRunOptions {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "prepared clips (*.mp4, searched recursively)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its newest checkpoint")
    boolean resume;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--precision", paramLabel = "fp32|fp16",
            description = "arithmetic of the forward and backward passes: fp16 is upstream's mixed precision (matrix "
                    + "products and convolutions in float16, float32 weights, norms and losses, dynamic loss "
                    + "scaling). Default: the config's mixed_precision_training, fp16 on CUDA as upstream, float32 on a CPU")
    String precision;

    @Option(names = "--batch", paramLabel = "N", description = "samples per step. Default: the config's data.batch_size")
    Integer batch;

    @Option(names = "--max-steps", paramLabel = "N", description = "Default: the config's run.max_train_steps")
    Long maxSteps;

    @Option(names = "--save-every", paramLabel = "N", description = "Default: the config's ckpt.save_ckpt_steps")
    Long saveEvery;

    @Option(names = "--val-every", paramLabel = "N", description = "Default: the config's validation interval")
    Long valEvery;

    @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
            description = "replace a key of the config (repeatable), e.g. --set run.max_train_steps=100 --set "
                    + "optimizer.lr=2e-5; only keys the config has")
    List<String> settings = new ArrayList<>();

    @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate. Default: the config's optimizer.lr")
    Double lr;

    @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
            description = "the learning rate after the warm-up: constant, or cosine decay to zero at the last step. "
                    + "Default: the config's optimizer.lr_scheduler (constant in upstream's)")
    String lrSchedule;

    @Option(names = "--warmup-steps", paramLabel = "N",
            description = "steps of linear warm-up from zero to the learning rate. Default: the config's "
                    + "optimizer.lr_warmup_steps (0 in upstream's)")
    Long warmupSteps;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "caches of clips' mel spectrograms, Whisper features and faces, by content. "
                    + "Default: ~/.cache/obs-lipsync")
    Path cache;

    /** Refuses counts below 1 (the command's own ones too, each with its option's name), naming the option. */
    void check(Map<String, Number> more) {
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("--batch", batch);
        counts.put("--max-steps", maxSteps);
        counts.put("--save-every", saveEvery);
        counts.put("--val-every", valEvery);
        counts.putAll(more);
        counts.forEach((option, n) -> {
            if (n != null && n.longValue() < 1) {
                throw new UserError(option + " must be at least 1, not " + n);
            }
        });
    }

    /** The run's options by name. */
    RunOptions run() {
        return new RunOptions(data, out, cache != null ? cache : Folders.cache(), resume, batch, maxSteps, saveEvery,
                valEvery);
    }

    /** The step's options by name; {@code gradientCheckpointing} is the command's own option (null: the config's). */
    StepOptions step(Boolean gradientCheckpointing) {
        if (lr != null && !(lr > 0)) {
            throw new UserError("--lr must be above 0, not " + lr);
        }
        if (warmupSteps != null && warmupSteps < 0) {
            throw new UserError("--warmup-steps must be 0 or more, not " + warmupSteps);
        }
        return new StepOptions(Precision.parse(precision), gradientCheckpointing, lr,
                lrSchedule == null ? null : LrSchedule.Shape.parse(lrSchedule), warmupSteps);
    }
}
