package io.lipsync.data;

import java.io.Serializable;

/**
 * Steps 6 and 7's thresholds: a segment is kept when SyncNet-v2's confidence reaches {@code minConfidence}, its
 * offset is within {@code maxOffset} frames (both inclusive, as upstream's sync_av) and HyperIQA scores it at
 * least {@code minQuality}.
 */
public record Filters(double minConfidence, int maxOffset, double minQuality) implements Serializable {
    /** Upstream's data_processing_pipeline: sync_conf_threshold 3, |av_offset| at most 6, quality at least 40. */
    public static Filters upstream() {
        return new Filters(3, 6, 40);
    }
}
