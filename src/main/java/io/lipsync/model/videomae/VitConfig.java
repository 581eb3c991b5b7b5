package io.lipsync.model.videomae;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * VideoMAE v2's VisionTransformer as TREPA builds it: 224 px, 14 px patches, 2-frame tubelets, a 16-frame
 * position table, mean pooling; the width, depth, heads and MLP width vary (ViT-g: 1408, 40, 16, 6144).
 */
public record VitConfig(Patches patches, int width, int depth, int heads, int mlpHidden, int numClasses) {
    /** How a clip becomes tokens: {@code tubelet} frames x {@code patchSize}² pixels each, {@code allFrames} in the position table. */
    public record Patches(int imgSize, int patchSize, int tubelet, int allFrames) {
        /** Patches per frame side (16 at 224 px). */
        public int grid() {
            return imgSize / patchSize;
        }
    }

    /** vit_g_hybrid_pt_1200e_ssv2_ft.pth: ViT-g fine-tuned on Something-Something v2 (174 classes). */
    public static VitConfig vitGiant() {
        return new VitConfig(new Patches(224, 14, 2, 16), 1408, 40, 16, 6144, 174);
    }

    /** From the constructor arguments as JSON (img_size, patch_size, tubelet_size, all_frames, embed_dim, depth, num_heads, mlp_hidden, num_classes). */
    public static VitConfig fromJson(Path file) {
        try {
            JsonObject j = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            return new VitConfig(new Patches(j.get("img_size").getAsInt(), j.get("patch_size").getAsInt(),
                    j.get("tubelet_size").getAsInt(), j.get("all_frames").getAsInt()), j.get("embed_dim").getAsInt(),
                    j.get("depth").getAsInt(), j.get("num_heads").getAsInt(), j.get("mlp_hidden").getAsInt(),
                    j.get("num_classes").getAsInt());
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read the VideoMAE config " + file + ": " + e.getMessage(),
                    "give a JSON of VisionTransformer's arguments, or leave it out for ViT-g");
        }
    }
}
