package io.lipsync.pipeline;

/** Progress of a render, stage by stage. */
public interface RenderListener {
    RenderListener NONE = new RenderListener() {};

    /** A stage starts; {@code total} units of work (frames), or -1. */
    default void stage(String name, long total) {}

    default void progress(long done) {}

    default void message(String text) {}
}
