package io.lipsync.data;

import java.util.Optional;

/**
 * One row of the data pipeline's manifest: a cut of a source file (kept, or dropped with the step and reason),
 * or a source dropped whole. Steps not run leave their scores null and say why in {@code notes}.
 *
 * @param sourceId the source's content fingerprint: what resume keys on, not its name
 */
public record ManifestRow(String source, String sourceId, Cut cut, Verdict verdict, Scores scores, String notes) {

    public static final String KEPT = "kept";
    public static final String DROPPED = "dropped";
    /** Between the Spark job's stages only: steps 1-5 done, its faces and audio staged; never in a manifest. */
    public static final String STAGED = "staged";

    /**
     * Where a cut lies: its shot, its number within the shot, its frames [start, end) of the source and their
     * times, and how many frames had an aligned face. A source dropped whole has shot and number -1.
     */
    public record Cut(int shot, int number, int startFrame, int endFrame, double startSeconds, double endSeconds,
            int faceFrames) {
        public int frames() {
            return endFrame - startFrame;
        }
    }

    /**
     * {@code status} kept, dropped or staged; the step that dropped it and why; {@code clip}: the prepared clip's
     * path relative to the output folder (null when none was written).
     */
    public record Verdict(String status, String droppedBy, String reason, String clip) {
        static Verdict dropped(String step, String reason) {
            return new Verdict(DROPPED, step, reason, null);
        }

        /** Steps 6-7's verdict on a cut whose clip was written to {@code clip}: kept, or dropped and why. */
        static Verdict judged(Optional<Filters.Drop> drop, String clip) {
            return drop.map(d -> new Verdict(DROPPED, d.step(), d.reason(), clip))
                    .orElseGet(() -> new Verdict(KEPT, null, null, clip));
        }
    }

    /** Step 6's audio offset (frames) and confidence, step 7's quality; null where the step did not run. */
    public record Scores(Double syncOffset, Double syncConfidence, Double quality) {
        public static final Scores NONE = new Scores(null, null, null);
    }

    /** A source dropped whole at {@code step}. */
    static ManifestRow droppedSource(String source, String sourceId, String step, String reason) {
        return new ManifestRow(source, sourceId, new Cut(-1, -1, 0, 0, 0, 0, 0), Verdict.dropped(step, reason),
                Scores.NONE, null);
    }

    /** The same cut with another verdict. */
    ManifestRow withVerdict(Verdict v) {
        return new ManifestRow(source, sourceId, cut, v, scores, notes);
    }

    public boolean kept() {
        return KEPT.equals(verdict.status());
    }
}
