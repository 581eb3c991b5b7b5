package io.lipsync.obs.dock;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;

/** What the dock page shows and does; the daemon answers. */
public interface DockBackend {
    /** The queue and the connection, as the dock's JSON. */
    JsonObject state();

    /**
     * "lipsync" (the clip selected in OBS) or "rerender" (the last clip), with a preset's name (null or blank:
     * the daemon's own sampling) and a face choice (null: the largest); completes with what happened, in a
     * sentence. It may wait on OBS, so it must not block the caller.
     */
    CompletableFuture<String> trigger(String action, String preset, String face);

    boolean cancel(String jobId);

    /** A JPEG of the latest finished segment of a job, or null when it has none yet (slow: it decodes video). */
    byte[] preview(String jobId);
}
