package io.lipsync.obs.dock;

import com.google.gson.JsonObject;

/** What the dock page shows and does; the daemon answers. */
public interface DockBackend {
    /** The queue and the connection, as the dock's JSON. */
    JsonObject state();

    /** "lipsync" (the clip selected in OBS) or "rerender" (the last clip); returns what happened, in a sentence. */
    String trigger(String action);

    boolean cancel(String jobId);

    /** A JPEG of the latest finished segment of a job, or null when it has none yet. */
    byte[] preview(String jobId);
}
