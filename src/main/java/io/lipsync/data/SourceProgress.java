package io.lipsync.data;

/** Progress inside sources, step by step, for a display (called from the workers, concurrently). */
public interface SourceProgress {
    SourceProgress NONE = new SourceProgress() {};

    /** Step 4 cut a source into {@code cuts} cuts. */
    default void found(int cuts) {}

    /** Step 5 aligned a cut with a face in every frame. */
    default void aligned() {}

    /** Steps 6-7 judged a cut and wrote it, kept or filtered. */
    default void judged(boolean kept) {}
}
