package io.lipsync.training;

import io.lipsync.model.unet.UNetConfig;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * An upstream U-Net training config (configs/unet/*.yaml): the model, and the run and optimizer settings
 * train_unet.py reads. {@code trainableModules} are name substrings, used when the model has motion modules.
 */
public record UNetTrainConfig(UNetConfig model, boolean mixedNoise, double mixedNoiseAlpha, double reconWeight,
        double syncWeight, double perceptualWeight, double trepaWeight, boolean pixelSpaceSupervise,
        boolean useSyncnet, List<String> trainableModules, double lr, double maxGradNorm, int batchSize, long seed,
        long maxTrainSteps, long saveSteps) {

    public static UNetTrainConfig load(Path yaml) {
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(yaml)) {
            root = new Yaml().load(in);
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read " + yaml + ": " + e.getMessage(), "give one of upstream's configs/unet/*.yaml");
        }
        Map<String, Object> run = section(root, "run");
        Map<String, Object> optimizer = section(root, "optimizer");
        Map<String, Object> data = section(root, "data");
        Map<String, Object> ckpt = section(root, "ckpt");
        List<String> modules = run.get("trainable_modules") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of();
        return new UNetTrainConfig(UNetConfig.load(yaml), Boolean.TRUE.equals(run.get("use_mixed_noise")),
                number(run, "mixed_noise_alpha", 1), number(run, "recon_loss_weight", 1),
                number(run, "sync_loss_weight", 0), number(run, "perceptual_loss_weight", 0),
                number(run, "trepa_loss_weight", 0), Boolean.TRUE.equals(run.get("pixel_space_supervise")),
                Boolean.TRUE.equals(run.get("use_syncnet")), modules, number(optimizer, "lr", 1e-5),
                number(optimizer, "max_grad_norm", 1.0), (int) number(data, "batch_size", 1),
                (long) number(run, "seed", 1247), (long) number(run, "max_train_steps", 10_000_000),
                (long) number(ckpt, "save_ckpt_steps", 10_000));
    }

    /** Stage 1 trains on the noise loss alone; stage 2 adds pixel-space terms (not implemented yet). */
    public boolean pixelLosses() {
        return pixelSpaceSupervise || (useSyncnet && model.addAudioLayer());
    }

    public UNetStep.Settings stepSettings() {
        return new UNetStep.Settings(mixedNoise, mixedNoiseAlpha, reconWeight);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> root, String name) {
        return root != null && root.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static double number(Map<String, Object> section, String key, double fallback) {
        Object v = section.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new UserError(key + ": '" + s + "' is not a number", "fix the config");
            }
        }
        return fallback;
    }
}
