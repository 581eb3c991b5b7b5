package io.lipsync.model.vae;

import io.lipsync.util.UserError;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A diffusers AutoencoderKL config.json. LatentSync forces scaling 0.18215 and shift 0 whatever the file
 * says, so those are not read from it.
 */
public record VaeConfig(int inChannels, int outChannels, int latentChannels, List<Integer> blockOutChannels,
        int layersPerBlock, int normGroups, boolean useQuantConv, boolean usePostQuantConv) {

    public static final float SCALING_FACTOR = 0.18215f;
    public static final float SHIFT_FACTOR = 0f;

    /** stabilityai/sd-vae-ft-mse, the VAE every LatentSync version uses. */
    public static VaeConfig sdVaeFtMse() {
        return new VaeConfig(3, 3, 4, List.of(128, 256, 512, 512), 2, 32, true, true);
    }

    public static VaeConfig load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("config.json") : folderOrFile;
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            String cls = o.has("_class_name") ? o.get("_class_name").getAsString() : "AutoencoderKL";
            if (!cls.equals("AutoencoderKL")) {
                throw new UserError(file + " describes a " + cls + ", not an AutoencoderKL");
            }
            List<Integer> widths = new ArrayList<>();
            o.getAsJsonArray("block_out_channels").forEach(e -> widths.add(e.getAsInt()));
            return new VaeConfig(intOr(o, "in_channels", 3), intOr(o, "out_channels", 3),
                    intOr(o, "latent_channels", 4), widths, intOr(o, "layers_per_block", 1),
                    intOr(o, "norm_num_groups", 32), boolOr(o, "use_quant_conv", true),
                    boolOr(o, "use_post_quant_conv", true));
        } catch (IOException e) {
            throw new UserError("cannot read VAE config " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UserError("VAE config " + file + " is not a valid AutoencoderKL config: "
                    + e.getMessage());
        }
    }

    private static int intOr(JsonObject o, String key, int fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsInt() : fallback;
    }

    private static boolean boolOr(JsonObject o, String key, boolean fallback) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsBoolean() : fallback;
    }

    /** Pixels per latent along each side. */
    public int scaleFactor() {
        return 1 << (blockOutChannels.size() - 1);
    }
}
