package io.lipsync.model.unet;

import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code model:} section of an official LatentSync U-Net YAML config, grouped as diffusers' arguments
 * are, plus the data resolution and frame count it was trained with.
 */
public record UNetConfig(Blocks blocks, CrossAttention attention, Norm norm, TimeEmbedding time, Motion motion,
        Data data) {

    /** The channels in and out, each level's width and block type, and the resnet layers a level. */
    public record Blocks(int inChannels, int outChannels, List<Integer> blockOutChannels, List<String> downBlockTypes,
            List<String> upBlockTypes, int layersPerBlock) {}

    /** The heads of the spatial attention, the width of the audio it attends to, and whether it does. */
    public record CrossAttention(int heads, int crossAttentionDim, boolean addAudioLayer) {}

    /** GroupNorm's groups and epsilon. */
    public record Norm(int groups, float eps) {}

    /** The sinusoidal timestep embedding's layout. */
    public record TimeEmbedding(boolean flipSinToCos, int freqShift) {}

    /** Where the motion modules sit (the levels by downsampling factor, the mid block, the decoder only) and what they are. */
    public record Motion(boolean use, List<Integer> resolutions, boolean midBlock, boolean decoderOnly,
            MotionConfig module) {}

    /** The motion (temporal attention) module settings. */
    public record MotionConfig(int heads, int transformerBlocks, int attentionBlocks, boolean positionEncoding,
            int maxFrames, int attentionDimDiv) {}

    /** The pixel resolution and frames a clip the model was trained on. */
    public record Data(int resolution, int numFrames) {}

    /** The official configs shipped with the engine: stage1, stage2, stage2_512, stage2_efficient. */
    public static UNetConfig builtin(String name) {
        try (InputStream in = UNetConfig.class.getResourceAsStream(resource(name))) {
            if (in == null) {
                throw new UserError("no built-in U-Net config '" + name
                        + "'; choose stage1, stage1_512, stage2, stage2_512 or stage2_efficient");
            }
            return parse(new Yaml().load(in), name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The class-path resource holding the built-in config {@code name}. */
    public static String resource(String name) {
        return "/io/lipsync/model/unet/" + name + ".yaml";
    }

    public static UNetConfig load(Path yamlFile) {
        try (InputStream in = Files.newInputStream(yamlFile)) {
            return parse(new Yaml().load(in), yamlFile.toString());
        } catch (NoSuchFileException e) {
            throw new UserError("U-Net config " + yamlFile + " does not exist");
        } catch (IOException | YAMLException | ClassCastException e) {
            throw new UserError("cannot read U-Net config " + yamlFile + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public static UNetConfig parse(Map<String, Object> root, String source) {
        if (root == null || !(root.get("model") instanceof Map)) {
            throw new UserError(source + " has no 'model:' section; give a LatentSync U-Net config");
        }
        Map<String, Object> m = (Map<String, Object>) root.get("model");
        Map<String, Object> data = root.get("data") instanceof Map ? (Map<String, Object>) root.get("data") : Map.of();
        Map<String, Object> mm = m.get("motion_module_kwargs") instanceof Map
                ? (Map<String, Object>) m.get("motion_module_kwargs") : Map.of();
        MotionConfig motion = new MotionConfig(
                num(mm, "num_attention_heads", 8).intValue(),
                num(mm, "num_transformer_block", 1).intValue(),
                mm.get("attention_block_types") instanceof List<?> l ? l.size() : 2,
                Boolean.TRUE.equals(mm.getOrDefault("temporal_position_encoding", false)),
                num(mm, "temporal_position_encoding_max_len", 24).intValue(),
                num(mm, "temporal_attention_dim_div", 1).intValue());
        Object heads = m.getOrDefault("attention_head_dim", 8);
        if (!(heads instanceof Number)) {
            throw new UserError(source + ": per-block attention_head_dim lists are not supported");
        }
        return new UNetConfig(
                new Blocks(num(m, "in_channels", 4).intValue(), num(m, "out_channels", 4).intValue(),
                        ints(m.get("block_out_channels")), (List<String>) m.get("down_block_types"),
                        (List<String>) m.get("up_block_types"), num(m, "layers_per_block", 2).intValue()),
                new CrossAttention(((Number) heads).intValue(), num(m, "cross_attention_dim", 1280).intValue(),
                        Boolean.TRUE.equals(m.getOrDefault("add_audio_layer", false))),
                new Norm(num(m, "norm_num_groups", 32).intValue(), num(m, "norm_eps", 1e-5).floatValue()),
                new TimeEmbedding(Boolean.TRUE.equals(m.getOrDefault("flip_sin_to_cos", true)),
                        num(m, "freq_shift", 0).intValue()),
                new Motion(Boolean.TRUE.equals(m.getOrDefault("use_motion_module", false)),
                        ints(m.getOrDefault("motion_module_resolutions", List.of(1, 2, 4, 8))),
                        Boolean.TRUE.equals(m.getOrDefault("motion_module_mid_block", false)),
                        Boolean.TRUE.equals(m.getOrDefault("motion_module_decoder_only", false)), motion),
                new Data(num(data, "resolution", 256).intValue(), num(data, "num_frames", 16).intValue()));
    }

    private static Number num(Map<String, Object> m, String key, Number fallback) {
        Object v = m.getOrDefault(key, fallback);
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof String s) {
            return Double.parseDouble(s);
        }
        throw new UserError("config value " + key + " is not a number: " + v);
    }

    private static List<Integer> ints(Object v) {
        return ((List<?>) v).stream().map(o -> ((Number) o).intValue()).toList();
    }

    public int timeEmbedDim() {
        return blocks.blockOutChannels().get(0) * 4;
    }

    /** Latent side length for this config's pixel resolution (the SD VAE downsamples by 8). */
    public int latentSize() {
        return data.resolution() / 8;
    }
}
