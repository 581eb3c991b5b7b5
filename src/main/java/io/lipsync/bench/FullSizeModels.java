package io.lipsync.bench;

import ai.djl.ndarray.NDManager;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.latentsync.Preset;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.modelfiles.ModelCatalog;

/** The networks of a real render at full size with random weights: a config's U-Net, the SD VAE, Whisper tiny. */
public final class FullSizeModels {
    /** The version a preset that names none is measured on: 1.5, the 256 px model of the draft and standard figures. */
    private static final String UNNAMED_VERSION = "1.5";

    private FullSizeModels() {}

    /** The U-Net config a preset is measured on: its model's (final: 1.6, stage2_512), else 1.5's stage2. */
    public static String config(Preset preset) {
        return preset.model() != null ? ModelCatalog.unetConfig(preset.model()) : config();
    }

    /** The U-Net config of a benchmark without a preset: 1.5's stage2. */
    public static String config() {
        return ModelCatalog.unetConfig(UNNAMED_VERSION);
    }

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
