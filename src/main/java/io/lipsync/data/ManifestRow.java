package io.lipsync.data;

/**
 * One row of the data pipeline's manifest: a segment of a source file (kept, or dropped with the step and
 * reason), or a source dropped whole. Steps not run leave their columns null and say why in {@code notes}.
 *
 * @param sourceId the source's content fingerprint: what resume keys on, not its name
 * @param clip the prepared clip's path relative to the output folder (null when dropped)
 */
public record ManifestRow(String source, String sourceId, int shot, int segment, int startFrame, int endFrame,
        double startSeconds, double endSeconds, int faceFrames, String status, String droppedBy, String reason,
        String clip, Double syncOffset, Double syncConfidence, Double quality, String notes) {

    public static final String KEPT = "kept";
    public static final String DROPPED = "dropped";
    /** Between the Spark job's stages only: steps 1-5 done, its faces and audio staged; never in a manifest. */
    public static final String STAGED = "staged";

    /** A source dropped whole at {@code step}. */
    static ManifestRow droppedSource(String source, String sourceId, String step, String reason) {
        return new ManifestRow(source, sourceId, -1, -1, 0, 0, 0, 0, 0, DROPPED, step, reason, null, null, null, null,
                null);
    }

    /** The same segment with another verdict: its status, dropping step and reason, and where its clip is. */
    ManifestRow withVerdict(String status, String droppedBy, String reason, String clip) {
        return new ManifestRow(source, sourceId, shot, segment, startFrame, endFrame, startSeconds, endSeconds,
                faceFrames, status, droppedBy, reason, clip, syncOffset, syncConfidence, quality, notes);
    }

    public int frames() {
        return endFrame - startFrame;
    }

    public boolean kept() {
        return KEPT.equals(status);
    }
}
