package io.lipsync.latentsync;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.model.ModelLoader;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.modelfiles.ModelSet;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three networks a render needs, loaded, and the pixel resolution the U-Net works at. */
public record LatentSyncModels(UNet3D unet, AutoencoderKL vae, WhisperEncoder whisper, String id) {

    public static LatentSyncModels load(ModelSet set, NDManager manager) {
        for (Path p : new Path[] {set.unet(), set.whisper(), set.vae()}) {
            if (!Files.exists(p)) {
                throw new CheckpointException("model file " + p + " does not exist",
                        "run `lipsync models download`, or point --checkpoints / --unet-ckpt / --whisper / --vae at it");
            }
        }
        UNet3D unet = ModelLoader.unet(set.unetConfig(), set.unet(), manager);
        AutoencoderKL vae = ModelLoader.vae(set.vae(), manager);
        WhisperEncoder whisper = ModelLoader.whisper(set.whisper(), manager);
        if (whisper.dims().nAudioState() != set.unetConfig().crossAttentionDim()) {
            throw new CheckpointException("the Whisper model gives " + whisper.dims().nAudioState()
                    + "-wide features but the U-Net expects " + set.unetConfig().crossAttentionDim(),
                    "use whisper/tiny.pt with the official U-Net");
        }
        String id = set.configName() + "@" + set.unetConfig().resolution() + ":" + set.unet().getFileName()
                + ":" + set.vae().getFileName();
        return new LatentSyncModels(unet, vae, whisper, id);
    }

    public int resolution() {
        return unet.config().resolution();
    }
}
