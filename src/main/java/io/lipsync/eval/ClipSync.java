package io.lipsync.eval;

import java.util.List;
import java.util.Optional;

/**
 * A clip's sync from its face tracks, and the data pipeline's sync filter, as upstream decides them: the
 * clip's offset is the mean of the tracks' offsets truncated toward zero, its confidence their mean; a
 * clip is kept when its confidence reaches the threshold and its offset is within the bound (both
 * inclusive), and kept clips with an offset have their audio shifted by offset/fps seconds.
 */
public record ClipSync(int avOffset, double conf) {
    /** One face track's SyncNet-v2 result. */
    public record Track(int avOffset, double minDist, double conf) {}

    /** What the sync filter does with a clip. */
    public enum Action { COPY, SHIFT_AUDIO, DROP }

    /** Empty when no face track was found (upstream raises "Face not detected", and the clip is dropped). */
    public static Optional<ClipSync> of(List<Track> tracks) {
        if (tracks.isEmpty()) {
            return Optional.empty();
        }
        double offsets = 0;
        double confs = 0;
        for (Track t : tracks) {
            offsets += t.avOffset();
            confs += t.conf();
        }
        // Python's int() of the mean: truncation toward zero (-2.5 -> -2, 6.5 -> 6).
        return Optional.of(new ClipSync((int) (offsets / tracks.size()), confs / tracks.size()));
    }

    public Action action(double confThreshold, int maxAbsOffset) {
        if (conf < confThreshold || Math.abs(avOffset) > maxAbsOffset) {
            return Action.DROP;
        }
        return avOffset == 0 ? Action.COPY : Action.SHIFT_AUDIO;
    }

    /** How far the audio moves, in seconds (positive: later). */
    public double audioShiftSeconds(int fps) {
        return avOffset / (double) fps;
    }
}
