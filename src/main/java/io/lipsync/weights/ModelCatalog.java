package io.lipsync.weights;

import java.util.List;

/** The official files each LatentSync version needs, by Hugging Face repository and local layout. */
public final class ModelCatalog {
    public static final String UNET = "latentsync_unet.pt";
    public static final String WHISPER = "whisper/tiny.pt";
    public static final String VAE_DIR = "sd-vae-ft-mse";
    private static final String VAE_REPO = "stabilityai/sd-vae-ft-mse";

    private ModelCatalog() {}

    /** Versions "1.5" (256 px) and "1.6" (512 px). */
    public static List<ModelFile> files(String version) {
        String repo = switch (version) {
            case "1.5" -> "ByteDance/LatentSync-1.5";
            case "1.6" -> "ByteDance/LatentSync-1.6";
            default -> throw new IllegalArgumentException("unknown LatentSync version '" + version
                    + "'; choose 1.5 or 1.6");
        };
        return List.of(
                new ModelFile(repo, "main", UNET, UNET, "U-Net"),
                new ModelFile(repo, "main", WHISPER, WHISPER, "Whisper tiny"),
                new ModelFile(VAE_REPO, "main", "config.json", VAE_DIR + "/config.json", "VAE config"),
                new ModelFile(VAE_REPO, "main", "diffusion_pytorch_model.safetensors",
                        VAE_DIR + "/diffusion_pytorch_model.safetensors", "VAE"));
    }

    /** The U-Net config a version runs: stage2 at 256 px for 1.5, stage2_512 for 1.6. */
    public static String unetConfig(String version) {
        files(version);
        return version.equals("1.5") ? "stage2" : "stage2_512";
    }
}
