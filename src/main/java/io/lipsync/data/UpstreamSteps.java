package io.lipsync.data;

import io.lipsync.media.FfmpegCli;
import io.lipsync.media.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's file-level behaviour of steps 2 and 4, which {@code --upstream-compatible} reproduces and the
 * default corrects: step 2 re-encodes a source whose frame rate is not exactly 25 with {@code ffmpeg -r 25}
 * (whose frame choice leaves the picture up to 2 frames behind the sound) and copies a 25 fps one; step 4's
 * segment muxer, copying the video, can cut only at keyframes.
 */
public final class UpstreamSteps {
    /** Upstream's segment_time, seconds. */
    public static final int CUT_SECONDS = 5;
    /** x264's default keyframe interval, which upstream's shot re-encodes get. */
    public static final int KEYINT = 250;

    private UpstreamSteps() {}

    /** resample_fps_hz's choice: OpenCV's frame rate exactly 25 copies the video, anything else re-encodes it. */
    public static String resampleBranch(double fps) {
        return fps == VideoDecoder.FPS ? "copy" : "reencode";
    }

    /** Step 2's command line as upstream spells it (after {@code ffmpeg -loglevel error -y}). */
    public static List<String> resampleArgs(Path in, Path out, double fps) {
        List<String> args = new ArrayList<>(List.of("-i", in.toString()));
        args.addAll(resampleBranch(fps).equals("copy") ? List.of("-c:v", "copy") : List.of("-r", "25"));
        args.addAll(List.of("-ar", "16000", "-q:a", "0", out.toString()));
        return args;
    }

    /** Runs step 2 with the bundled ffmpeg (OpenH264 encodes where upstream's build has libx264). */
    public static void resample(Path in, Path out, double fps) {
        FfmpegCli.run(resampleArgs(in, out, fps));
    }

    /**
     * The segment muxer's cuts ({@code -c:v copy -segment_time 5}): cut n + 1 starts at the first keyframe
     * at or after 5 (n + 1) seconds. {@code keyframes}: frame indices of the keyframes, ascending. Returns
     * [start, end) frame ranges covering all {@code frames}.
     */
    public static List<Cuts.Span> keyframeCuts(List<Integer> keyframes, int frames) {
        List<Cuts.Span> out = new ArrayList<>();
        int start = 0;
        for (int k : keyframes) {
            if (k > start && k < frames && k >= CUT_SECONDS * VideoDecoder.FPS * (out.size() + 1)) {
                out.add(new Cuts.Span(start, k));
                start = k;
            }
        }
        if (frames > start) {
            out.add(new Cuts.Span(start, frames));
        }
        return out;
    }

    /** The keyframes of upstream's shot re-encodes: every {@link #KEYINT} frames (scene-cut keyframes aside). */
    public static List<Integer> shotKeyframes(int frames) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < frames; k += KEYINT) {
            out.add(k);
        }
        return out;
    }
}
