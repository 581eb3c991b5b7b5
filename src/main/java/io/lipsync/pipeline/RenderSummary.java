package io.lipsync.pipeline;

import java.util.Map;

/** What a render did: frames written, faces, pass-through frames, cache use, calls and time per stage. */
public record RenderSummary(int frames, int clipFrames, int clipFacesFound, int passedThrough, boolean cacheHit,
        int detectorCalls, int vaeEncodeCalls, double audioSeconds, Map<String, Double> stageSeconds) {

    /** The one-screen report printed at the end of a render. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("frames written      %d at 25 fps (%.2f s of voice)%n", frames, audioSeconds));
        sb.append(String.format("clip                %d frames, face found in %d%n", clipFrames, clipFacesFound));
        sb.append(String.format("passed through      %d frames without a usable face%n", passedThrough));
        sb.append(String.format("face cache          %s (detector calls %d, VAE encodes %d)%n",
                cacheHit ? "hit" : "miss, built", detectorCalls, vaeEncodeCalls));
        stageSeconds.forEach((k, v) -> sb.append(String.format("%-19s %.1f s%n", k, v)));
        return sb.toString();
    }
}
