package io.lipsync.data;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import java.util.List;

/**
 * A cut after step 5: its source, where it lies, the aligned face of every frame, and its audio (16 kHz,
 * from its first frame).
 */
record AlignedCut(String source, String sourceId, Cuts.Planned plan, List<Rgb> faces, float[] sound) {

    int start() {
        return plan.frames().start();
    }

    int end() {
        return plan.frames().end();
    }

    /** A manifest row for this cut over frames [from, to), with its verdict, scores and notes. */
    ManifestRow row(int from, int to, ManifestRow.Verdict verdict, ManifestRow.Scores scores, String notes) {
        ManifestRow.Cut cut = new ManifestRow.Cut(plan.shot(), plan.number(), from, to, from / (double) VideoDecoder.FPS,
                to / (double) VideoDecoder.FPS, faces.size());
        return new ManifestRow(source, sourceId, cut, verdict, scores, notes);
    }

    /** The row of the whole cut dropped at {@code step}. */
    ManifestRow dropped(String step, String reason, String notes) {
        return row(start(), end(), ManifestRow.Verdict.dropped(step, reason), ManifestRow.Scores.NONE, notes);
    }

    /** The clip's file name: the source's stem, its id and the cut's numbers. */
    String clipName() {
        String stem = source.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.[A-Za-z0-9]+$", "");
        return String.format("%s-%s-s%03d-%02d.mp4", stem, sourceId.substring(0, 8), plan.shot(), plan.number());
    }
}
