package io.lipsync.latentsync;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperEncoder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds each model from its config and loads its official checkpoint file. */
public final class ModelLoader {
    private ModelLoader() {}

    public static UNet3D unet(UNetConfig config, Path checkpoint, NDManager manager) {
        UNet3D unet = new UNet3D(config);
        unet.load(StateDict.load(checkpoint), manager);
        return unet;
    }

    /** A diffusers AutoencoderKL folder (config.json + weights); without config.json, sd-vae-ft-mse's layout. */
    public static AutoencoderKL vae(Path folder, NDManager manager) {
        VaeConfig config = Files.isRegularFile(folder.resolve("config.json")) ? VaeConfig.load(folder)
                : VaeConfig.sdVaeFtMse();
        AutoencoderKL vae = new AutoencoderKL(config);
        vae.load(StateDict.load(folder), manager);
        return vae;
    }

    public static WhisperEncoder whisper(Path file, NDManager manager) {
        return WhisperEncoder.load(StateDict.load(file), manager);
    }
}
