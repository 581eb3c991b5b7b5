package io.lipsync.training;

import io.lipsync.model.unet.UNetConfig;
import static io.lipsync.training.ConfigValues.number;
import static io.lipsync.training.ConfigValues.section;

import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * An upstream U-Net training config (configs/unet/*.yaml), by its sections: the model, data.batch_size, the
 * optimizer, the run, and ckpt.save_ckpt_steps; {@code notes} say which keys options replace or nobody reads.
 */
public record UNetTrainConfig(UNetConfig model, int batchSize, OptimizerConfig optimizer, Run run, long saveSteps,
        List<String> notes) {

    /**
     * The {@code run:} section. {@code trainableModules} are name substrings, used when the model has motion
     * modules; {@code mixedNoiseAlpha} weighs the noise shared by a sample's frames.
     */
    public record Run(Losses losses, boolean mixedNoise, double mixedNoiseAlpha, List<String> trainableModules,
            long seed, long maxTrainSteps, boolean gradientCheckpointing, boolean mixedPrecision) {}

    /**
     * The loss terms' weights; the pixel-space ones (sync, perceptual, TREPA) are computed only with
     * {@code pixelSpaceSupervise}, the sync one only with {@code useSyncnet}.
     */
    public record Losses(double recon, double sync, double perceptual, double trepa, boolean pixelSpaceSupervise,
            boolean useSyncnet) {}

    private static final Map<String, Set<String>> USED = Map.of(
            "data", Set.of("batch_size", "num_frames", "resolution", "audio_feat_length", "audio_sample_rate", "video_fps"),
            "optimizer", Set.of("lr", "max_grad_norm", "lr_scheduler", "lr_warmup_steps", "scale_lr"),
            "run", Set.of("pixel_space_supervise", "use_syncnet", "sync_loss_weight", "perceptual_loss_weight",
                    "recon_loss_weight", "trepa_loss_weight", "seed", "use_mixed_noise", "mixed_noise_alpha",
                    "max_train_steps", "trainable_modules", "enable_gradient_checkpointing", "mixed_precision_training"),
            "ckpt", Set.of("save_ckpt_steps"));
    private static final Map<String, String> REPLACED = Map.ofEntries(
            Map.entry("data.train_output_dir", "--out"), Map.entry("data.train_fileslist", "--data"),
            Map.entry("data.train_data_dir", "--data"), Map.entry("data.audio_embeds_cache_dir", "--cache"),
            Map.entry("data.audio_mel_cache_dir", "--cache"), Map.entry("data.val_video_path", "--val-video"),
            Map.entry("data.val_audio_path", "--val-audio"), Map.entry("data.syncnet_config_path", "--syncnet-config"),
            Map.entry("data.mask_image_path", "the built-in mouth mask (upstream's mask.png)"),
            Map.entry("data.num_workers", "clips are decoded on demand and cached"),
            Map.entry("ckpt.resume_ckpt_path", "--init"), Map.entry("run.inference_steps", "--val-steps"),
            Map.entry("run.guidance_scale", "validation renders use the render default, 1.5"),
            Map.entry("run.max_train_epochs", "--max-steps"));

    public static UNetTrainConfig load(Path yaml) {
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(yaml)) {
            root = new Yaml().load(in);
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read " + yaml + ": " + e.getMessage(), "give one of upstream's configs/unet/*.yaml");
        }
        return parse(root, UNetConfig.load(yaml), yaml.toString());
    }

    /**
     * {@code path} when it is a file; else, when its name is a shipped config's (stage1 or stage1.yaml, in any
     * folder), that config, copied to a temporary file that goes when the JVM does. A run's folder records
     * the text either way.
     */
    public static Path fileOrBuiltin(Path path) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        String name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        try (InputStream in = UNetConfig.class.getResourceAsStream(UNetConfig.resource(name))) {
            if (in == null) {
                throw new UserError("--config " + path + " is neither a file nor a shipped config",
                        "give a YAML file, or one of stage1, stage1_512, stage2, stage2_512, stage2_efficient");
            }
            Path copy = Files.createTempFile("lipsync-" + name + "-", ".yaml");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UserError("cannot copy the shipped config " + name + ": " + e.getMessage());
        }
    }

    /**
     * The config a run reads: {@link #fileOrBuiltin}, with {@code --set} settings applied (then a temporary copy).
     */
    public static Path withSettings(Path path, List<String> settings) {
        Path file = fileOrBuiltin(path);
        if (settings.isEmpty()) {
            return file;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Map<String, Object> root = new Yaml().load(in);
            return ConfigOverrides.write(ConfigOverrides.apply(root, settings), "unet");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** One of upstream's configs as shipped (stage1, stage2, stage2_efficient, stage1_512, stage2_512). */
    public static UNetTrainConfig builtin(String name) {
        UNetConfig model = UNetConfig.builtin(name);
        try (InputStream in = UNetConfig.class.getResourceAsStream(UNetConfig.resource(name))) {
            return parse(new Yaml().load(in), model, name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UNetTrainConfig parse(Map<String, Object> root, UNetConfig model, String source) {
        Map<String, Object> run = section(root, "run");
        Map<String, Object> optimizer = section(root, "optimizer");
        Map<String, Object> data = section(root, "data");
        Map<String, Object> ckpt = section(root, "ckpt");
        List<String> modules = run.get("trainable_modules") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of();
        Losses losses = new Losses(number(run, "recon_loss_weight", 1), number(run, "sync_loss_weight", 0),
                number(run, "perceptual_loss_weight", 0), number(run, "trepa_loss_weight", 0),
                Boolean.TRUE.equals(run.get("pixel_space_supervise")), Boolean.TRUE.equals(run.get("use_syncnet")));
        Run settings = new Run(losses, Boolean.TRUE.equals(run.get("use_mixed_noise")),
                number(run, "mixed_noise_alpha", 1), modules, (long) number(run, "seed", 1247),
                (long) number(run, "max_train_steps", 10_000_000),
                Boolean.TRUE.equals(run.get("enable_gradient_checkpointing")),
                Boolean.TRUE.equals(run.get("mixed_precision_training")));
        return new UNetTrainConfig(model, (int) number(data, "batch_size", 1),
                OptimizerConfig.parse(optimizer, 1e-5, source), settings, (long) number(ckpt, "save_ckpt_steps", 10_000),
                ConfigValues.notes(root, USED, REPLACED));
    }

    /**
     * The step's settings; {@code checkpointing} null: the config's run.enable_gradient_checkpointing;
     * {@code precision}: as {@link Precision#resolve} made it of the config's mixed_precision_training.
     */
    public UNetStep.Settings stepSettings(Boolean checkpointing, Precision precision) {
        return new UNetStep.Settings(run.mixedNoise(), run.mixedNoiseAlpha(), run.losses().recon(),
                checkpointing != null ? checkpointing : run.gradientCheckpointing(), precision);
    }
}
