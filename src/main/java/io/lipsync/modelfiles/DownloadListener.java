package io.lipsync.modelfiles;

/** Progress of one file's transfer. */
public interface DownloadListener {
    DownloadListener NONE = new DownloadListener() {};

    /** A transfer starts (or resumes at {@code done} bytes) of {@code total} bytes (-1 when unknown). */
    default void started(ModelFile file, long done, long total) {}

    default void progressed(long done) {}

    default void finished(ModelFile file) {}

    /** A transfer broke and is being retried from where it stopped. */
    default void retrying(ModelFile file, int attempt, Exception cause) {}
}
