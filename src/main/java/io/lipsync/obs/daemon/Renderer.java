package io.lipsync.obs.daemon;

import io.lipsync.pipeline.RenderListener;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;

/** Runs one render (the loaded engine in the daemon). */
@FunctionalInterface
public interface Renderer {
    RenderSummary render(RenderRequest request, RenderListener listener);
}
