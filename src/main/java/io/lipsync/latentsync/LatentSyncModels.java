package io.lipsync.latentsync;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.whisper.WhisperEncoder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three networks a render needs, loaded, and the pixel resolution the U-Net works at. */
public record LatentSyncModels(UNet3D unet, AutoencoderKL vae, WhisperEncoder whisper, String id) {

    /** Where each part comes from; {@code configName} names the U-Net config (for the cache key). */
    public record Paths(UNetConfig unetConfig, String configName, Path unet, Path whisper, Path vae) {}

    public static LatentSyncModels load(Paths paths, NDManager manager) {
        for (Path p : new Path[] {paths.unet(), paths.whisper(), paths.vae()}) {
            if (!Files.exists(p)) {
                throw new CheckpointException("model file " + p + " does not exist",
                        "run `lipsync models download`, or point --checkpoints / --unet-ckpt / --whisper / --vae at it");
            }
        }
        UNet3D unet = ModelLoader.unet(paths.unetConfig(), paths.unet(), manager);
        AutoencoderKL vae = ModelLoader.vae(paths.vae(), manager);
        WhisperEncoder whisper = ModelLoader.whisper(paths.whisper(), manager);
        if (whisper.dims().nAudioState() != paths.unetConfig().crossAttentionDim()) {
            throw new CheckpointException("the Whisper model gives " + whisper.dims().nAudioState()
                    + "-wide features but the U-Net expects " + paths.unetConfig().crossAttentionDim(),
                    "use whisper/tiny.pt with the official U-Net");
        }
        String id = paths.configName() + "@" + paths.unetConfig().resolution() + ":" + paths.unet().getFileName()
                + ":" + paths.vae().getFileName();
        return new LatentSyncModels(unet, vae, whisper, id);
    }

    public int resolution() {
        return unet.config().resolution();
    }
}
