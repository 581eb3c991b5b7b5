package io.lipsync.data;

import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import java.util.List;

/**
 * A segment after step 5: its source, its shot and segment numbers, its frames [start, end) in the source,
 * the aligned face of every frame, and its audio (16 kHz, from frame {@code start}).
 */
record AlignedSegment(String source, String sourceId, int shot, int segment, int start, int end, List<Rgb> faces,
        float[] sound) {

    /** A manifest row for this segment over [from, to) with the given verdict. */
    ManifestRow row(int from, int to, String status, String droppedBy, String reason, String clip, Double syncOffset,
            Double syncConfidence, Double quality, String notes) {
        return new ManifestRow(source, sourceId, shot, segment, from, to, from / (double) VideoDecoder.FPS,
                to / (double) VideoDecoder.FPS, faces.size(), status, droppedBy, reason, clip, syncOffset,
                syncConfidence, quality, notes);
    }

    /** The clip's file name: the source's stem, its id and the segment's numbers. */
    String clipName() {
        String stem = source.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.[A-Za-z0-9]+$", "");
        return String.format("%s-%s-s%03d-%02d.mp4", stem, sourceId.substring(0, 8), shot, segment);
    }
}
