package io.lipsync.cli;

import io.lipsync.latentsync.Preset;
import io.lipsync.pipeline.FaceCache;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.util.Threads;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which models the engine loads, where the face cache lives and where the networks run: shared by render and daemon. */
final class EngineOptions {
    @Option(names = "--model", paramLabel = "1.5|1.6",
            description = "LatentSync version (1.5: 256 px, 1.6: 512 px). Default: the preset's (final: 1.6), else the "
                    + "downloaded one, else 1.6")
    String model;

    @Mixin
    ModelFolderOptions models = new ModelFolderOptions();

    @Option(names = "--unet-config", paramLabel = "FILE", description = "U-Net YAML config instead of the version's")
    Path unetConfig;

    @Option(names = "--unet-ckpt", paramLabel = "FILE", description = "U-Net checkpoint instead of the folder's")
    Path unetCkpt;

    @Option(names = "--whisper", paramLabel = "FILE", description = "Whisper checkpoint instead of the folder's")
    Path whisper;

    @Option(names = "--vae", paramLabel = "DIR", description = "VAE folder instead of the folder's")
    Path vae;

    @Option(names = "--cache", paramLabel = "DIR", description = "face cache folder. Default: ~/.cache/obs-lipsync/faces")
    Path cacheDir;

    @Option(names = "--cache-limit-mb", defaultValue = "4096",
            description = "face cache size limit; least recently used clips go first. Default: ${DEFAULT-VALUE}")
    long cacheLimitMb;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Mixin
    PrecisionOption precision = new PrecisionOption();

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads for the networks (libtorch and ONNX Runtime together). Default: "
                    + "$LIPSYNC_THREADS, else every core. Two renders at once: split the cores between them")
    Integer threads;

    /**
     * The files the options name: the folder's set for the version, with single files overridden;
     * the preset's version (if it names one) is taken when --model is not given.
     */
    ModelSet modelSet(Preset preset) {
        return ModelSet.resolve(models.checkpoints, new ModelSet.Overrides(model != null ? model : preset.model(), unetConfig,
                unetCkpt, whisper, vae, models.faceDetector));
    }

    /** Loads the networks and the face detector (slow: seconds to minutes at full size). */
    LoadedRenderer load(Preset preset) {
        Threads.configure(threads != null ? threads : Threads.count());
        ai.djl.Device target = device.resolve();
        FaceCache cache = new FaceCache(cacheDir != null ? cacheDir : FaceCache.defaultRoot(), cacheLimitMb << 20);
        return new LoadedRenderer(modelSet(preset), cache, target, precision.resolve(target));
    }
}
