package io.lipsync.latentsync;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.model.ModelLoader;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.util.FileFingerprint;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three networks a render needs, loaded, and the pixel resolution the U-Net works at.
 *
 * @param faceWorkId what the clips' cached face work depends on: the resolution and the VAE's content
 *     (the U-Net and Whisper do not change it, so a fine-tuned U-Net still hits the cache)
 */
public record LatentSyncModels(UNet3D unet, AutoencoderKL vae, WhisperEncoder whisper, String faceWorkId) {

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
        return new LatentSyncModels(unet, vae, whisper, faceWorkId(set.unetConfig().resolution(), set.vae()));
    }

    /** The resolution and the VAE's content: a different VAE in a folder of the same name is another VAE. */
    public static String faceWorkId(int resolution, Path vae) {
        return resolution + "px:vae-" + FileFingerprint.of(vae);
    }

    public int resolution() {
        return unet.config().resolution();
    }
}
