package io.lipsync.cli;

import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.training.SyncNetTrainConfig;
import io.lipsync.training.SyncNetTraining;
import io.lipsync.training.Trainer;
import io.lipsync.training.TrainingListener;
import io.lipsync.training.UNetTraining;
import io.lipsync.training.UNetTrainConfig;
import io.lipsync.util.Stopping;
import io.lipsync.util.UserError;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync train}: trains LatentSync's networks on prepared clips. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains LatentSync's networks in Java on prepared clips (25 fps .mp4 of aligned faces",
                "with their audio, as upstream's data pipeline makes them).", ""},
        subcommands = {TrainCommand.SyncNet.class, TrainCommand.UNet.class})
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

        @Mixin
        TrainRunOptions run;

        @Option(names = "--val", paramLabel = "DIR", description = "held-out clips for validation. Default: the training clips")
        Path val;

        @Option(names = "--init", paramLabel = "CKPT",
                description = "start from these weights (e.g. stable_syncnet.pt). Default: the config's "
                        + "ckpt.resume_ckpt_path, else torch's default initialisation")
        Path init;

        @Option(names = "--val-samples", paramLabel = "N", description = "Default: the config's data.num_val_samples")
        Integer valSamples;

        @Option(names = "--gradient-checkpointing",
                description = "keep only each encoder block's input and recompute its activations in the backward "
                        + "pass: much less memory for one more forward pass; the same step")
        boolean gradientCheckpointing;

        @Override
        public Integer call() throws Exception {
            run.check(java.util.Collections.singletonMap("--val-samples", valSamples));
            SyncNetTraining.Options options = new SyncNetTraining.Options(
                    SyncNetTrainConfig.withSettings(config, run.settings), run.run(),
                    run.step(gradientCheckpointing), val, init, valSamples, run.device.resolve());
            return untilStopped(stop -> {
                try (TrainingBar listener = new TrainingBar()) {
                    Trainer.Summary s = SyncNetTraining.run(options, listener, stop);
                    listener.close();
                    return ended(s.stopped(), s.step(), s.checkpoint(), s.metrics(), s.chart());
                }
            });
        }
    }

    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = {"Fine-tunes LatentSync's U-Net as upstream's train_unet.py does: target, masked and",
                    "reference windows of prepared clips, VAE latents (posterior samples), mixed noise at a",
                    "random timestep per sample, the 13-channel input and the clip's Whisper windows; MSE on",
                    "the noise; in stage 2 also the one-step estimate decoded by the VAE and judged by the",
                    "SyncNet, LPIPS and TREPA (the config's weights); AdamW on the config's trainable",
                    "parameters; clipping.",
                    "Writes into --out: checkpoints/checkpoint-N.pt ({global_step, state_dict}: renders with",
                    "`lipsync render --unet-ckpt` and loads in upstream's Python) with the optimiser state",
                    "beside it, metrics.jsonl, loss.png, config.yaml, and with --val-video/--val-audio a",
                    "render of that clip with the current weights at every validation (val_videos/),",
                    "scored by the SyncNet. Ctrl-C saves; --resume continues exactly.", "",
                    "Example: lipsync train unet --config configs/unet/stage1.yaml --data prepared/ \\",
                    "           --out runs/unet --init checkpoints/latentsync_unet.pt --max-steps 2000"})
    static final class UNet implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE|NAME",
                description = "upstream's U-Net training YAML, or the name of one shipped inside: stage1, stage1_512, "
                        + "stage2, stage2_512, stage2_efficient (configs/unet/stage1.yaml names stage1 where no such file is)")
        Path config;

        @Mixin
        TrainRunOptions run;

        /** The folder the files below default to; the face detector renders the validation clip. */
        @Mixin
        ModelFolderOptions models = new ModelFolderOptions();

        @Option(names = "--init", paramLabel = "CKPT", description = "the U-Net to start from. Default: <checkpoints>/"
                + ModelCatalog.UNET)
        Path init;

        @Option(names = "--vae", paramLabel = "DIR", description = "Default: <checkpoints>/" + ModelCatalog.VAE_DIR)
        Path vae;

        @Option(names = "--whisper", paramLabel = "FILE", description = "Default: <checkpoints>/" + ModelCatalog.WHISPER)
        Path whisper;

        @Option(names = "--val-video", paramLabel = "FILE", description = "clip to lip-sync at each validation")
        Path valVideo;

        @Option(names = "--val-audio", paramLabel = "FILE", description = "voice for the validation render")
        Path valAudio;

        @Option(names = "--val-steps", defaultValue = "20", paramLabel = "N",
                description = "denoising steps of the validation render. Default: ${DEFAULT-VALUE}")
        int valSteps;

        @Option(names = "--syncnet", paramLabel = "CKPT", description = "stage 2's sync judge; also scores validation "
                + "renders (as `lipsync eval sync`) when present. Default: <checkpoints>/" + ModelCatalog.SYNCNET)
        Path syncnet;

        @Option(names = "--syncnet-config", defaultValue = SyncNetConfig.DEFAULT, paramLabel = "FILE|NAME",
                description = "Default: ${DEFAULT-VALUE}")
        String syncnetConfig;

        @Option(names = "--lpips-vgg", paramLabel = "FILE", description = "stage 2: LPIPS's VGG16 trunk. Default: "
                + "<checkpoints>/" + ModelCatalog.LPIPS_VGG)
        Path lpipsVgg;

        @Option(names = "--lpips-lin", paramLabel = "FILE", description = "stage 2: LPIPS's linear weights (lpips' "
                + "weights/v0.1/vgg.pth). Default: <checkpoints>/" + ModelCatalog.LPIPS_LIN)
        Path lpipsLin;

        @Option(names = "--videomae", paramLabel = "FILE", description = "stage 2: TREPA's VideoMAE. Default: "
                + "<checkpoints>/" + ModelCatalog.VIDEOMAE)
        Path videoMae;

        @Option(names = "--videomae-config", paramLabel = "JSON",
                description = "its VisionTransformer arguments. Default: ViT-g (vit_g_hybrid_pt_1200e_ssv2_ft)")
        Path videoMaeConfig;

        @Option(names = "--gradient-checkpointing", negatable = true,
                description = "keep only the block boundaries of the U-Net, the VAE decoder and the SyncNet judge, and "
                        + "recompute the rest in the backward pass: the same step in far less memory, about a third "
                        + "slower. Default: the config's run.enable_gradient_checkpointing (on in upstream's)")
        Boolean gradientCheckpointing;

        @Override
        public Integer call() throws Exception {
            run.check(java.util.Map.of("--val-steps", valSteps));
            if ((valVideo == null) != (valAudio == null)) {
                throw new UserError("give --val-video and --val-audio together");
            }
            NetFiles files = models.files().with(NetFile.UNET, init).with(NetFile.VAE, vae)
                    .with(NetFile.WHISPER, whisper).with(NetFile.SYNCNET, syncnet).with(NetFile.LPIPS_VGG, lpipsVgg)
                    .with(NetFile.LPIPS_LIN, lpipsLin).with(NetFile.VIDEOMAE, videoMae);
            Path configFile = UNetTrainConfig.withSettings(config, run.settings);
            UNetTraining.Validation validation = valVideo == null ? null
                    : new UNetTraining.Validation(valVideo, valAudio, valSteps);
            UNetTraining.Judges judges = new UNetTraining.Judges(syncnetConfig, videoMaeConfig);
            return untilStopped(stop -> {
                try (Nets nets = new Nets(files, run.device.resolve()); TrainingBar listener = new TrainingBar()) {
                    UNetTraining.Options options = new UNetTraining.Options(configFile, run.run(),
                            run.step(gradientCheckpointing), nets, judges, validation);
                    Trainer.Summary s = UNetTraining.run(options, listener, stop);
                    listener.close();
                    return ended(s.stopped(), s.step(), s.checkpoint(), s.metrics(), s.chart());
                }
            });
        }
    }

    interface Run {
        int run(BooleanSupplier stopRequested) throws Exception;
    }

    /** Runs a training loop that Ctrl-C (or SIGTERM) asks to stop; the exit waits for its last checkpoint. */
    static int untilStopped(Run run) throws Exception {
        return Stopping.guard(Stopping.Policy.finishing("\nstopping: saving a checkpoint after this step"),
                System.out::println, () -> run.run(Stopping::requested));
    }

    private static int ended(boolean stopped, long step, Path checkpoint, Path metrics, Path chart) {
        System.out.println((stopped ? "stopped at step " : "finished at step ") + step + "; checkpoint " + checkpoint
                + "; metrics " + metrics + "; curves " + chart);
        return stopped ? Stopping.stopStatus() : 0;
    }

    /** A progress bar with the step's metrics; validation and checkpoint lines beside it. */
    static final class TrainingBar implements TrainingListener, AutoCloseable {
        private Progress bar;

        @Override
        public void started(long fromStep, long toStep, String summary, List<String> notes) {
            notes.forEach(n -> System.out.println("note: " + n));
            System.out.println(summary + ", steps " + (fromStep + 1) + " to " + toStep);
            bar = Progress.count("train", toStep, "steps", fromStep);
        }

        @Override
        public void trained(long step, String metrics) {
            bar.stepTo(step);
            bar.message(metrics);
        }

        @Override
        public void validated(long step, String summary) {
            System.out.println("validation at step " + step + ": " + summary);
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
