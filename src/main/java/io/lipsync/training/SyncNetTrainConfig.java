package io.lipsync.training;

import io.lipsync.model.syncnet.SyncNetConfig;
import static io.lipsync.training.ConfigValues.number;
import static io.lipsync.training.ConfigValues.section;

import io.lipsync.util.UserError;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An upstream SyncNet training config (configs/syncnet/*.yaml) as train_syncnet.py reads it: the model, and
 * the data, optimizer, run and ckpt settings it uses. Keys this trainer takes from the command line
 * instead (folders, file lists, worker counts) are listed in {@link #notes}, never dropped silently.
 */
public record SyncNetTrainConfig(SyncNetConfig model, Data data, OptimizerConfig optimizer, Run run, Ckpt ckpt,
        List<String> notes) {

    /** The {@code data:} section beside the model's keys. */
    public record Data(int batchSize, int gradientAccumulation, int numValSamples) {}

    /** The {@code run:} section. */
    public record Run(long maxTrainSteps, long validationSteps, boolean mixedPrecision, long seed) {}

    /** The {@code ckpt:} section; {@code resumePath} empty: start from torch's initialisation. */
    public record Ckpt(String resumePath, long saveSteps) {}

    private static final Map<String, Set<String>> USED = Map.of(
            "data", Set.of("batch_size", "gradient_accumulation_steps", "num_val_samples", "num_frames", "resolution",
                    "lower_half", "latent_space", "audio_sample_rate", "video_fps"),
            "optimizer", Set.of("lr", "max_grad_norm", "lr_scheduler", "lr_warmup_steps", "scale_lr"),
            "run", Set.of("max_train_steps", "validation_steps", "mixed_precision_training", "seed"),
            "ckpt", Set.of("resume_ckpt_path", "save_ckpt_steps"));
    private static final Map<String, String> REPLACED = Map.of(
            "data.train_output_dir", "--out", "data.train_data_dir", "--data", "data.train_fileslist", "--data",
            "data.val_data_dir", "--val", "data.val_fileslist", "--val", "data.audio_mel_cache_dir", "--cache",
            "data.num_workers", "clips are decoded on demand and cached", "ckpt.inference_ckpt_path",
            "used by `lipsync eval sync --syncnet`, not by training");

    /** The config a run reads: a file or built-in name, with {@code --set} settings applied (then a temporary copy). */
    public static String withSettings(String fileOrName, List<String> settings) {
        return settings.isEmpty() ? fileOrName
                : ConfigOverrides.write(ConfigOverrides.apply(SyncNetConfig.readYaml(fileOrName), settings), "syncnet")
                        .toString();
    }

    /** A YAML file, or the name of a built-in official config ({@link SyncNetConfig#BUILTIN}). */
    public static SyncNetTrainConfig load(String fileOrName) {
        return parse(SyncNetConfig.readYaml(fileOrName), fileOrName);
    }

    @SuppressWarnings("unchecked")
    static SyncNetTrainConfig parse(Map<String, Object> root, String source) {
        SyncNetConfig model = SyncNetConfig.parse(root, source);
        List<String> notes = ConfigValues.notes(root, USED, REPLACED);
        Map<String, Object> data = section(root, "data");
        Map<String, Object> optimizer = section(root, "optimizer");
        Map<String, Object> run = section(root, "run");
        Map<String, Object> ckpt = section(root, "ckpt");
        if (model.latentSpace()) {
            throw new UserError(source + ": latent_space SyncNets (syncnet_16_latent) train on VAE latents, which this "
                    + "trainer does not encode yet", "train a pixel-space config (syncnet_16_pixel_attn.yaml)");
        }
        if (number(data, "audio_sample_rate", 16000) != 16000 || number(data, "video_fps", 25) != 25) {
            throw new UserError(source + ": prepared clips are 16 kHz / 25 fps here",
                    "set audio_sample_rate: 16000 and video_fps: 25");
        }
        return new SyncNetTrainConfig(model,
                new Data((int) number(data, "batch_size", 256), (int) number(data, "gradient_accumulation_steps", 1),
                        (int) number(data, "num_val_samples", 2048)),
                OptimizerConfig.parse(optimizer, 1e-5, source),
                new Run((long) number(run, "max_train_steps", 10_000_000), (long) number(run, "validation_steps", 2500),
                        Boolean.TRUE.equals(run.get("mixed_precision_training")), (long) number(run, "seed", 42)),
                new Ckpt(String.valueOf(ckpt.getOrDefault("resume_ckpt_path", "")),
                        (long) number(ckpt, "save_ckpt_steps", 2500)),
                List.copyOf(notes));
    }
}
