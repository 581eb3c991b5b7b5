package io.lipsync.testing;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.pipeline.FaceCache;
import io.lipsync.pipeline.LoadedRenderer;
import java.nio.file.Path;

/** The render engine on the tiny random-weight models of ../shared/parity (plumbing, not lips). */
public final class TinyEngine {
    private TinyEngine() {}

    public static LoadedRenderer load(Path cacheDir) {
        return load(cacheDir, null);
    }

    /** With matrix products and convolutions in {@code low} (FLOAT16), or null for float32. */
    public static LoadedRenderer load(Path cacheDir, DataType low) {
        Path parity = SharedFixtures.parity();
        return new LoadedRenderer(ModelSet.tinyFixtures(parity, TestModels.blazeFace()),
                new FaceCache(cacheDir, 1L << 30), Device.cpu(), low);
    }

    /** The options that drive the tiny model in tests: the parity fixtures' own paths. */
    public static String[] cliOptions() {
        Path parity = SharedFixtures.parity();
        return new String[] {"--unet-config", parity.resolve("unet_tiny.yaml").toString(), "--unet-ckpt",
                parity.resolve("unet_tiny_random.pt").toString(), "--whisper",
                parity.resolve("whisper_tiny_random.pt").toString(), "--vae", parity.resolve("vae_tiny_random").toString(),
                "--face-detector", TestModels.blazeFace().toString()};
    }
}
