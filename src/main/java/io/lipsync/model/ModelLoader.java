package io.lipsync.model;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds each network from its config and loads its official checkpoint file. The builders alone (no
 * weights) serve {@code lipsync models check}, so what is checked is exactly what the engine loads.
 */
public final class ModelLoader {
    private ModelLoader() {}

    public static UNet3D unet(UNetConfig config, Path checkpoint, NDManager manager) {
        UNet3D unet = unetArchitecture(config);
        unet.load(StateDict.load(checkpoint), manager);
        return unet;
    }

    public static UNet3D unetArchitecture(UNetConfig config) {
        return new UNet3D(config);
    }

    /** A diffusers AutoencoderKL folder (config.json + weights); without config.json, sd-vae-ft-mse's layout. */
    public static AutoencoderKL vae(Path folder, NDManager manager) {
        AutoencoderKL vae = vaeArchitecture(folder);
        vae.load(StateDict.load(folder), manager);
        return vae;
    }

    public static AutoencoderKL vaeArchitecture(Path folder) {
        return new AutoencoderKL(Files.isRegularFile(folder.resolve("config.json")) ? VaeConfig.load(folder)
                : VaeConfig.sdVaeFtMse());
    }

    public static WhisperEncoder whisper(Path file, NDManager manager) {
        StateDict dict = StateDict.load(file);
        WhisperEncoder encoder = whisperArchitecture(dict);
        encoder.load(dict, manager);
        return encoder;
    }

    /** openai's layout: {'dims': {...}, 'model_state_dict': {...}}; the dims size the encoder. */
    public static WhisperEncoder whisperArchitecture(StateDict file) {
        if (!(file.extras().get("dims") instanceof Map<?, ?> dims)) {
            throw new CheckpointException("this file has no Whisper 'dims' entry, so it is not an openai-format "
                    + "Whisper checkpoint", "use checkpoints/whisper/tiny.pt from the LatentSync download");
        }
        return new WhisperEncoder(WhisperDims.fromMap(dims));
    }
}
