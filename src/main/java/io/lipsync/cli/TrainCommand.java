package io.lipsync.cli;

import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.training.SyncNetTraining;
import io.lipsync.util.Folders;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lipsync train}: trains LatentSync's networks on prepared clips. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains LatentSync's networks in Java on prepared clips (25 fps .mp4 of aligned faces",
                "with their audio, as upstream's data pipeline makes them).", ""},
        subcommands = {TrainCommand.SyncNet.class})
final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "syncnet", mixinStandardHelpOptions = true,
            description = {"Trains a StableSyncNet (the lip/audio judge LatentSync's U-Net training uses) as",
                    "upstream's train_syncnet.py does: 16-frame windows of the lower half of the faces against",
                    "their mel window, in sync (y = 1) or from elsewhere in the clip (y = 0); BCE of the",
                    "cosine; AdamW; gradient clipping.",
                    "Writes into --out: checkpoints/checkpoint-N.pt (upstream's layout: `lipsync eval sync",
                    "--syncnet` and upstream's Python load it) with checkpoint-N.state.safetensors (the",
                    "optimiser state --resume needs), metrics.jsonl (a line per step and per validation),",
                    "loss.png (loss and accuracy curves, redrawn at each validation) and config.yaml.",
                    "Ctrl-C saves a checkpoint and stops; --resume continues the same trajectory.",
                    "CPU runs the tiny configs in seconds per step; full size wants a GPU (--device cuda,",
                    "untested here).", "",
                    "Example: lipsync train syncnet --config configs/syncnet/syncnet_16_pixel_attn.yaml \\",
                    "           --data prepared/ --out runs/syncnet --batch 8 --max-steps 1000"})
    static final class SyncNet implements Callable<Integer> {
        @Option(names = "--config", defaultValue = SyncNetConfig.DEFAULT, paramLabel = "FILE|NAME",
                description = "upstream's SyncNet YAML (model, data, optimizer, run, ckpt sections), or a built-in "
                        + "official one: syncnet_16_pixel_attn, syncnet_16_pixel. Default: ${DEFAULT-VALUE}")
        String config;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "prepared clips (*.mp4, searched recursively)")
        Path data;

        @Option(names = "--val", paramLabel = "DIR", description = "held-out clips for validation. Default: the training clips")
        Path val;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "run folder")
        Path out;

        @Option(names = "--resume", description = "continue the run in --out from its newest checkpoint")
        boolean resume;

        @Option(names = "--init", paramLabel = "CKPT",
                description = "start from these weights (e.g. stable_syncnet.pt). Default: the config's "
                        + "ckpt.resume_ckpt_path, else torch's default initialisation")
        Path init;

        @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda", description = "Default: ${DEFAULT-VALUE}")
        String device;

        @Option(names = "--batch", paramLabel = "N", description = "samples per step. Default: the config's data.batch_size")
        Integer batch;

        @Option(names = "--max-steps", paramLabel = "N", description = "Default: the config's run.max_train_steps")
        Long maxSteps;

        @Option(names = "--val-every", paramLabel = "N", description = "Default: the config's run.validation_steps")
        Long valEvery;

        @Option(names = "--save-every", paramLabel = "N", description = "Default: the config's ckpt.save_ckpt_steps")
        Long saveEvery;

        @Option(names = "--val-samples", paramLabel = "N", description = "Default: the config's data.num_val_samples")
        Integer valSamples;

        @Option(names = "--cache", paramLabel = "DIR",
                description = "where clips' mel spectrograms are cached, by content. Default: ~/.cache/obs-lipsync/mel")
        Path cache;

        @Override
        public Integer call() throws Exception {
            for (Number n : new Number[] {batch, maxSteps, valEvery, saveEvery, valSamples}) {
                if (n != null && n.longValue() < 1) {
                    throw new io.lipsync.util.UserError("--batch, --max-steps, --val-every, --save-every and "
                            + "--val-samples must be at least 1");
                }
            }
            SyncNetTraining.Options options = new SyncNetTraining.Options(config, data, val, out,
                    cache != null ? cache : Folders.cache().resolve("mel"), init, resume, DeviceChoice.resolve(device),
                    batch, maxSteps, valEvery, saveEvery, valSamples);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.set(true);
                System.out.println("\nstopping: saving a checkpoint after this step");
                try {
                    finished.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lipsync-train-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (BarListener listener = new BarListener()) {
                SyncNetTraining.Summary s = SyncNetTraining.run(options, listener, stop::get);
                listener.close();
                System.out.println((s.stopped() ? "stopped at step " : "finished at step ") + s.step() + "; checkpoint "
                        + s.checkpoint() + "; metrics " + s.metrics() + "; curves " + s.chart());
                return 0;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns now that the checkpoint is written
                }
            }
        }
    }

    /** Progress bar with loss and accuracy; validation and checkpoint lines beside it. */
    static final class BarListener implements SyncNetTraining.Listener, AutoCloseable {
        private Progress bar;

        @Override
        public void started(long fromStep, long toStep, int clips, List<String> notes) {
            notes.forEach(n -> System.out.println("note: " + n));
            System.out.println("training on " + clips + " clips, steps " + (fromStep + 1) + " to " + toStep);
            bar = Progress.count("train", toStep, "steps", fromStep);
        }

        @Override
        public void trained(long step, float loss, float accuracy) {
            bar.stepTo(step);
            bar.message(String.format("loss %.4f acc %.2f", loss, accuracy));
        }

        @Override
        public void validated(long step, float loss, float accuracy) {
            bar.message(String.format("step %d: val loss %.4f, val accuracy %.3f", step, loss, accuracy));
            System.out.printf("validation at step %d: loss %.4f, accuracy %.3f%n", step, loss, accuracy);
        }

        @Override
        public void saved(long step, Path checkpoint) {
            System.out.println("saved " + checkpoint);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
