package io.lipsync.pipeline;

import java.util.Map;

/** What a render did: frames written, faces, pass-through frames, cache use, calls and time per stage. */
public record RenderSummary(Frames frames, FaceWork faces, double audioSeconds, Map<String, Double> stageSeconds) {
    /** Frames written, frames in the clip, and written frames that passed through without a usable face. */
    public record Frames(int written, int clip, int passedThrough) {}

    /** Clip frames with a face, whether the face cache had them, and the detector runs and VAE encodes it took. */
    public record FaceWork(int found, boolean cacheHit, int detectorCalls, int vaeEncodes) {}

    /** The one-screen report printed at the end of a render. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("frames written      %d at 25 fps (%.2f s of voice)%n", frames.written, audioSeconds));
        sb.append(String.format("clip                %d frames, face found in %d%n", frames.clip, faces.found));
        sb.append(String.format("passed through      %d frames without a usable face%n", frames.passedThrough));
        sb.append(String.format("face cache          %s (detector calls %d, VAE encodes %d)%n",
                faces.cacheHit ? "hit" : "miss, built", faces.detectorCalls, faces.vaeEncodes));
        stageSeconds.forEach((k, v) -> sb.append(String.format("%-19s %.1f s%n", k, v)));
        return sb.toString();
    }
}
