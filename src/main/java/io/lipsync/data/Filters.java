package io.lipsync.data;

import io.lipsync.eval.ClipSync;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;

/**
 * Steps 6 and 7's thresholds: a cut is kept when SyncNet-v2's confidence reaches {@code minConfidence}, its
 * offset is within {@code maxOffset} frames (both inclusive, as upstream's sync_av) and HyperIQA scores it at
 * least {@code minQuality}. One rule for {@code data prepare} and {@code data refilter}.
 */
public record Filters(double minConfidence, int maxOffset, double minQuality) implements Serializable {
    /** Why a cut is dropped: the step (upstream's script name) and the reason. */
    public record Drop(String step, String reason) {}

    /** Upstream's data_processing_pipeline: sync_conf_threshold 3, |av_offset| at most 6, quality at least 40. */
    public static Filters upstream() {
        return new Filters(3, 6, 40);
    }

    /** The verdict on measured values; a null value is a step that did not run and drops nothing. */
    public Optional<Drop> verdict(Double offset, Double confidence, Double quality) {
        if (offset != null && confidence != null
                && new ClipSync(offset.intValue(), confidence).action(minConfidence, maxOffset) == ClipSync.Action.DROP) {
            return Optional.of(new Drop("sync_av", String.format(Locale.ROOT, "sync confidence %.2f, offset %d (kept: "
                    + "confidence >= %.2f and |offset| <= %d)", confidence, offset.intValue(), minConfidence, maxOffset)));
        }
        if (quality != null && quality < minQuality) {
            return Optional.of(new Drop("filter_visual_quality", String.format(Locale.ROOT,
                    "visual quality %.1f (kept: at least %.1f)", quality, minQuality)));
        }
        return Optional.empty();
    }
}
