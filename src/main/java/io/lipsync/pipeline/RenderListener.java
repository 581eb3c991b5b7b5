package io.lipsync.pipeline;

import java.nio.file.Path;

/**
 * Progress of a render, stage by stage. A listener may stop the render by throwing
 * {@link java.util.concurrent.CancellationException} from {@link #progress}: nothing is committed then.
 */
public interface RenderListener {
    RenderListener NONE = new RenderListener() {};

    /** A stage starts; {@code total} units of work (frames), or -1. */
    default void stage(String name, long total) {}

    default void progress(long done) {}

    default void message(String text) {}

    /** Segment {@code index} is playable and listed in {@code playlist}. */
    default void segmentReady(Path playlist, int index) {}
}
