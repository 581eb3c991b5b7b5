package io.lipsync.data;

import java.io.Serializable;

/**
 * Step 6's thresholds: a segment is kept when SyncNet-v2's confidence reaches {@code minConfidence} and its
 * offset is within {@code maxOffset} frames (both inclusive, as upstream's sync_av).
 */
public record SyncFilter(double minConfidence, int maxOffset) implements Serializable {
    /** Upstream's data_processing_pipeline: sync_conf_threshold 3, |av_offset| at most 6. */
    public static SyncFilter upstream() {
        return new SyncFilter(3, 6);
    }
}
