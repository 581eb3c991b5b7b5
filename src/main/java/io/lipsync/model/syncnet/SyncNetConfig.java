package io.lipsync.model.syncnet;

import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The {@code model:} and {@code data:} sections of an official StableSyncNet config (configs/syncnet/*.yaml). */
public record SyncNetConfig(Encoder audio, Encoder visual, int frames, int resolution, boolean lowerHalf,
        boolean latentSpace) {

    /** One DownEncoder2D: input channels, widths, per-block downsampling (h, w) and attention flags. */
    public record Encoder(int inChannels, List<Integer> blockOutChannels, List<int[]> downsample,
            List<Boolean> attention) {}

    /** The official configs shipped with the engine, by name. */
    public static final List<String> BUILTIN = List.of("syncnet_16_pixel_attn", "syncnet_16_pixel", "syncnet_16_latent");
    /** The config LatentSync 1.5 and 1.6 train their U-Nets with. */
    public static final String DEFAULT = "syncnet_16_pixel_attn";

    public static SyncNetConfig load(Path yaml) {
        return parse(readYaml(yaml.toString()), yaml.toString());
    }

    /** A config file's parsed root, or a built-in config's when {@code fileOrName} is one of {@link #BUILTIN}. */
    public static Map<String, Object> readYaml(String fileOrName) {
        try (InputStream in = BUILTIN.contains(fileOrName)
                ? SyncNetConfig.class.getResourceAsStream("/io/lipsync/model/syncnet/" + fileOrName + ".yaml")
                : Files.newInputStream(Path.of(fileOrName))) {
            Map<String, Object> root = new Yaml().load(in);
            if (root == null) {
                throw new UserError(fileOrName + " is empty", "give one of upstream's configs/syncnet/*.yaml");
            }
            return root;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserError u) {
                throw u;
            }
            throw new UserError("cannot read SyncNet config " + fileOrName + ": " + e.getMessage(),
                    "give one of upstream's configs/syncnet/*.yaml or a built-in name: " + String.join(", ", BUILTIN));
        }
    }

    /** From a parsed YAML (or JSON) root holding {@code model:} and {@code data:}. */
    @SuppressWarnings("unchecked")
    public static SyncNetConfig parse(Map<String, Object> root, String source) {
        if (root == null || !(root.get("model") instanceof Map<?, ?> model)) {
            throw new UserError(source + " has no 'model:' section", "give one of upstream's configs/syncnet/*.yaml");
        }
        Map<String, Object> data = root.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        return new SyncNetConfig(encoder((Map<String, Object>) model.get("audio_encoder")),
                encoder((Map<String, Object>) model.get("visual_encoder")),
                ((Number) data.getOrDefault("num_frames", 16)).intValue(),
                ((Number) data.getOrDefault("resolution", 256)).intValue(),
                Boolean.TRUE.equals(data.getOrDefault("lower_half", true)),
                Boolean.TRUE.equals(data.getOrDefault("latent_space", false)));
    }

    private static Encoder encoder(Map<String, Object> m) {
        List<Integer> widths = ((List<?>) m.get("block_out_channels")).stream().map(o -> ((Number) o).intValue()).toList();
        List<int[]> factors = new ArrayList<>();
        for (Object f : (List<?>) m.get("downsample_factors")) {
            factors.add(f instanceof List<?> pair ? new int[] {((Number) pair.get(0)).intValue(),
                    ((Number) pair.get(1)).intValue()} : new int[] {((Number) f).intValue(), ((Number) f).intValue()});
        }
        List<Boolean> attention = ((List<?>) m.get("attn_blocks")).stream().map(o -> ((Number) o).intValue() == 1)
                .toList();
        return new Encoder(((Number) m.get("in_channels")).intValue(), widths, factors, attention);
    }
}
