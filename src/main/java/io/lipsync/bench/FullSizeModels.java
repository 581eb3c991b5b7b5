package io.lipsync.bench;

import ai.djl.ndarray.NDManager;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;

/** The networks of a real render at full size with random weights: a config's U-Net, the SD VAE, Whisper tiny. */
final class FullSizeModels {
    private FullSizeModels() {}

    /** Weights on {@code manager}, the same seeds every time. */
    static LatentSyncModels random(String configName, NDManager manager) {
        UNet3D unet = new UNet3D(UNetConfig.builtin(configName));
        AutoencoderKL vae = new AutoencoderKL(VaeConfig.sdVaeFtMse());
        WhisperEncoder whisper = new WhisperEncoder(WhisperDims.TINY);
        RandomWeights.fill(unet.params(), manager, 1);
        RandomWeights.fill(vae.params(), manager, 2);
        RandomWeights.fill(whisper.params(), manager, 3);
        return new LatentSyncModels(unet, vae, whisper, configName + ":random");
    }
}
