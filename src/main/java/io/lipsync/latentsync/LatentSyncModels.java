package io.lipsync.latentsync;

import ai.djl.ndarray.types.DataType;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.Nets;
import io.lipsync.util.FileFingerprint;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The three networks a render needs, loaded, and the pixel resolution the U-Net works at.
 *
 * @param faceWorkId what the clips' cached face work depends on: the resolution and the VAE's content
 *     (the U-Net and Whisper do not change it, so a fine-tuned U-Net still hits the cache)
 */
public record LatentSyncModels(UNet3D unet, AutoencoderKL vae, WhisperEncoder whisper, String faceWorkId) {

    /** Opens the U-Net for {@code config}, the VAE and Whisper, and checks that they fit together. */
    public static LatentSyncModels open(Nets nets, UNetConfig config) {
        UNet3D unet = nets.unet(config);
        AutoencoderKL vae = nets.vae();
        WhisperEncoder whisper = nets.whisper();
        if (whisper.config().audio().state() != config.attention().crossAttentionDim()) {
            throw new CheckpointException("the Whisper model gives " + whisper.config().audio().state()
                    + "-wide features but the U-Net expects " + config.attention().crossAttentionDim(),
                    "use whisper/tiny.pt with the official U-Net");
        }
        return new LatentSyncModels(unet, vae, whisper, faceWorkId(config.data().resolution(), nets.files().path(NetFile.VAE)));
    }

    /**
     * These models run in {@code low} (FLOAT16, or null for float32): the VAE's latents then differ in their last
     * bits, so the face work cached under float16 is kept apart.
     */
    public LatentSyncModels inPrecision(DataType low) {
        return low == null ? this
                : new LatentSyncModels(unet, vae, whisper, faceWorkId + ":" + low.name().toLowerCase(Locale.ROOT));
    }

    /** The resolution and the VAE's content: a different VAE in a folder of the same name is another VAE. */
    public static String faceWorkId(int resolution, Path vae) {
        return resolution + "px:vae-" + FileFingerprint.of(vae);
    }

    public int resolution() {
        return unet.config().data().resolution();
    }
}
