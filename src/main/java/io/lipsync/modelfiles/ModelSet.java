package io.lipsync.modelfiles;

import io.lipsync.model.unet.UNetConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files one engine loads: U-Net config and checkpoint, Whisper, VAE folder, and the face detector (a
 * BlazeFace .onnx file or an InsightFace folder). {@code configName} names the U-Net config in cache keys.
 */
public record ModelSet(UNetConfig unetConfig, String configName, Path unet, Path whisper, Path vae,
        Path faceDetector) {

    /** Files given one by one instead of the folder's (null keeps the folder's). */
    public record Overrides(String version, Path unetConfig, Path unet, Path whisper, Path vae, Path faceDetector) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null);
    }

    /**
     * The set a checkpoints folder holds for its version (the recorded one unless overridden), with single
     * files overridden. The face detector is InsightFace when both its files are there, else BlazeFace.
     */
    public static ModelSet resolve(Path checkpoints, Overrides o) {
        CheckpointFolder folder = new CheckpointFolder(checkpoints);
        String version = o.version() != null ? o.version() : folder.version();
        String configName = o.unetConfig() != null ? o.unetConfig().getFileName().toString()
                : ModelCatalog.unetConfig(version);
        UNetConfig config = o.unetConfig() != null ? UNetConfig.load(o.unetConfig()) : UNetConfig.builtin(configName);
        return new ModelSet(config, configName,
                o.unet() != null ? o.unet() : folder.unet(),
                o.whisper() != null ? o.whisper() : folder.whisper(),
                o.vae() != null ? o.vae() : folder.vae(),
                o.faceDetector() != null ? o.faceDetector() : faceDetector(checkpoints));
    }

    /**
     * The tiny random-weight models of a parity fixture folder (unet_tiny.yaml and its checkpoint, the tiny
     * Whisper and VAE): the plumbing of a render, not its lips; tests and {@code bench render} run on them.
     */
    public static ModelSet tinyFixtures(Path parity, Path faceDetector) {
        return new ModelSet(UNetConfig.load(parity.resolve("unet_tiny.yaml")), "tiny",
                parity.resolve("unet_tiny_random.pt"), parity.resolve("whisper_tiny_random.pt"),
                parity.resolve("vae_tiny_random"), faceDetector);
    }

    /** The folder's face detector: InsightFace when both its files are there, else BlazeFace. */
    public static Path faceDetector(Path checkpoints) {
        Path insightface = checkpoints.resolve(ModelCatalog.INSIGHTFACE_DIR);
        if (Files.isRegularFile(insightface.resolve(ModelCatalog.INSIGHTFACE_DETECTOR))
                && Files.isRegularFile(insightface.resolve(ModelCatalog.INSIGHTFACE_LANDMARKS))) {
            return insightface;
        }
        return checkpoints.resolve(ModelCatalog.BLAZE_FACE.localPath());
    }
}
