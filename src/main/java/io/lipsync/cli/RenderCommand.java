package io.lipsync.cli;

import ai.djl.ndarray.NDManager;
import io.lipsync.engine.DenoiseOptions;
import io.lipsync.engine.LatentSyncModels;
import io.lipsync.face.BlazeFaceDetector;
import io.lipsync.media.MediaException;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.pipeline.FaceCache;
import io.lipsync.pipeline.RenderListener;
import io.lipsync.pipeline.RenderPipeline;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;
import io.lipsync.weights.CheckpointFolder;
import io.lipsync.weights.ModelCatalog;
import io.lipsync.weights.NpmModelDownload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lipsync render}: a clip and a voice track in, a lip-synced MP4 out. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lip-syncs the face in a video clip to a voice track and writes an MP4",
                "(H.264 + AAC, 25 fps, as long as the voice). A voice longer than the clip",
                "plays the clip forward and backward; frames without a face pass through.",
                "The clip's face work (detection, alignment, VAE latents) is cached, so a",
                "new voice, seed, step count or guidance for the same clip skips it.", "",
                "Example:",
                "  lipsync render --video clip.mp4 --audio voice.wav --out synced.mp4",
                "With the tiny test models instead of the official ones:",
                "  lipsync render --video clip.mp4 --audio voice.wav --out o.mp4 \\",
                "    --unet-config ../shared/parity/unet_tiny.yaml \\",
                "    --unet-ckpt ../shared/parity/unet_tiny_random.pt \\",
                "    --whisper ../shared/parity/whisper_tiny_random.pt \\",
                "    --vae ../shared/parity/vae_tiny_random", ""})
final class RenderCommand implements Callable<Integer> {
    @Option(names = "--video", required = true, paramLabel = "IN", description = "the clip (any format FFmpeg reads)")
    Path video;

    @Option(names = "--audio", required = true, paramLabel = "VOICE",
            description = "the voice track: wav, mp3, m4a, aac, opus, or a video's audio")
    Path audio;

    @Option(names = "--out", required = true, paramLabel = "OUT.mp4", description = "where the result goes")
    Path out;

    @Option(names = "--segments", paramLabel = "DIR",
            description = "also write HLS segments (one per 16-frame chunk) and DIR/playlist.m3u8 as the render goes")
    Path segments;

    @Option(names = "--model", paramLabel = "1.5|1.6",
            description = "LatentSync version (1.5: 256 px, 1.6: 512 px). Default: the downloaded one, else 1.6")
    String model;

    @Option(names = "--steps", defaultValue = "20", description = "DDIM steps. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--guidance", defaultValue = "1.5",
            description = "audio guidance scale; 1.0 turns guidance off. Default: ${DEFAULT-VALUE}")
    float guidance;

    @Option(names = "--seed", defaultValue = "1247", description = "seed of every random draw. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--no-deepcache", description = "run the full U-Net at every step (slower, upstream without "
            + "--enable_deepcache)")
    boolean noDeepCache;

    @Option(names = "--cache", paramLabel = "DIR", description = "face cache folder. Default: ~/.cache/obs-lipsync/faces")
    Path cacheDir;

    @Option(names = "--cache-limit-mb", defaultValue = "4096",
            description = "face cache size limit; least recently used clips go first. Default: ${DEFAULT-VALUE}")
    long cacheLimitMb;

    @Option(names = "--checkpoints", defaultValue = "checkpoints", paramLabel = "DIR",
            description = "model folder (see checkpoints/README.md). Default: ${DEFAULT-VALUE}")
    Path checkpoints;

    @Option(names = "--unet-config", paramLabel = "FILE", description = "U-Net YAML config instead of the version's")
    Path unetConfig;

    @Option(names = "--unet-ckpt", paramLabel = "FILE", description = "U-Net checkpoint instead of the folder's")
    Path unetCkpt;

    @Option(names = "--whisper", paramLabel = "FILE", description = "Whisper checkpoint instead of the folder's")
    Path whisper;

    @Option(names = "--vae", paramLabel = "DIR", description = "VAE folder instead of the folder's")
    Path vae;

    @Option(names = "--face-detector", paramLabel = "FILE",
            description = "BlazeFace ONNX model. Default: <checkpoints>/" + "blazeface/face_detection_front_128x128.onnx")
    Path faceDetector;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|cuda",
            description = "where the networks run. Default: ${DEFAULT-VALUE}")
    String device;

    @Override
    public Integer call() {
        ai.djl.Device target = DeviceChoice.resolve(device);
        DenoiseOptions options = new DenoiseOptions(steps, guidance, !noDeepCache,
                DenoiseOptions.DEFAULT_CACHE_INTERVAL);
        if (out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new UserException("the output folder " + out.toAbsolutePath().getParent() + " does not exist");
        }
        if (!Files.isRegularFile(video)) {
            throw new UserException("the clip " + video + " does not exist");
        }
        if (!Files.isRegularFile(audio)) {
            throw new UserException("the voice track " + audio + " does not exist");
        }
        CheckpointFolder folder = new CheckpointFolder(checkpoints);
        String version = model != null ? model : folder.version();
        String configName = unetConfig != null ? unetConfig.getFileName().toString() : ModelCatalog.unetConfig(version);
        UNetConfig config = unetConfig != null ? UNetConfig.load(unetConfig) : UNetConfig.builtin(configName);
        LatentSyncModels.Paths paths = new LatentSyncModels.Paths(config, configName,
                unetCkpt != null ? unetCkpt : folder.unet(), whisper != null ? whisper : folder.whisper(),
                vae != null ? vae : folder.vae());
        Path detectorFile = faceDetector != null ? faceDetector
                : checkpoints.resolve(NpmModelDownload.BLAZE_FACE.localPath());
        FaceCache cache = new FaceCache(cacheDir != null ? cacheDir : FaceCache.defaultRoot(), cacheLimitMb << 20);
        try (NDManager manager = NDManager.newBaseManager(target);
                BlazeFaceDetector detector = new BlazeFaceDetector(detectorFile);
                ProgressListener progress = new ProgressListener()) {
            LatentSyncModels models = LatentSyncModels.load(paths, manager);
            RenderSummary summary = new RenderPipeline(models, detector, cache)
                    .render(new RenderRequest(video, audio, out, segments, options, seed), manager, progress);
            progress.close();
            System.out.println("wrote " + out);
            System.out.print(summary.report());
            return 0;
        } catch (MediaException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Shows each stage as a progress bar (or plain lines off a terminal). */
    private static final class ProgressListener implements RenderListener, AutoCloseable {
        private Progress current;

        @Override
        public void stage(String name, long total) {
            close();
            current = total > 0 ? Progress.count(name, total, "frames") : null;
            if (current == null) {
                System.out.println(name + " ...");
            }
        }

        @Override
        public void progress(long done) {
            if (current != null) {
                current.stepTo(done);
            }
        }

        @Override
        public void message(String text) {
            System.out.println(text);
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
