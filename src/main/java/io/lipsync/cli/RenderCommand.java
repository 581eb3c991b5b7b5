package io.lipsync.cli;

import io.lipsync.face.FaceChoice;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.media.MediaException;
import io.lipsync.pipeline.LoadedRenderer;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            description = "also write HLS segments (8 frames each) and DIR/playlist.m3u8 as the render goes")
    Path segments;

    @Option(names = "--face", defaultValue = "largest", paramLabel = "largest|centre|left-N",
            description = "which face is lip-synced when the clip shows several: the largest, the one nearest the "
                    + "centre, or the N-th from the left (left-1, left-2, ...). Default: ${DEFAULT-VALUE}")
    String face;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    EngineOptions engine;

    @Override
    public Integer call() {
        DenoiseOptions denoise = sampling.denoise(); // a bad option value is said before anything is read
        FaceChoice whose = FaceChoice.parse(face);
        if (Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a folder; name the MP4 file to write, e.g. " + out.resolve("synced.mp4"));
        }
        if (out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new UserError("the output folder " + out.toAbsolutePath().getParent() + " does not exist");
        }
        if (!Files.isRegularFile(video)) {
            throw new UserError("the clip " + video + " does not exist");
        }
        if (!Files.isRegularFile(audio)) {
            throw new UserError("the voice track " + audio + " does not exist");
        }
        for (Path input : new Path[] {video, audio}) {
            if (sameFile(out, input)) {
                throw new UserError("--out " + out + " is the input " + input
                        + "; the render would replace it. Choose another output file");
            }
        }
        String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".mp4")) {
            throw new UserError("--out " + out + " must end in .mp4: the render writes H.264 and AAC in an MP4 file");
        }
        RenderRequest request = new RenderRequest(video, audio, out, segments, denoise, sampling.seed, whose);
        System.out.println(sampling.line());
        try (LoadedRenderer loaded = engine.load(sampling.preset()); RenderProgress progress = new RenderProgress()) {
            RenderSummary summary = loaded.render(request, progress);
            progress.close();
            System.out.println("wrote " + out);
            System.out.print(summary.report());
            return 0;
        } catch (MediaException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static boolean sameFile(Path out, Path input) {
        try {
            return Files.exists(out) ? Files.isSameFile(out, input)
                    : out.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
