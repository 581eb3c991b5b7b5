package io.lipsync.modelfiles;

import java.time.Duration;

/** Progress of one file's transfer. */
public interface DownloadListener {
    DownloadListener NONE = new DownloadListener() {};

    /** A transfer starts (or resumes at {@code done} bytes) of {@code total} bytes (-1 when unknown). */
    default void started(ModelFile file, long done, long total) {}

    default void progressed(long done) {}

    default void finished(ModelFile file) {}

    /** A request for {@code file} has had no answer from {@code host} for a while; it gives up after {@code limit}. */
    default void waiting(ModelFile file, String host, Duration limit) {}

    /** Attempt {@code attempt} of {@code attempts} failed for {@code reason}; the next resumes where it stopped. */
    default void retrying(ModelFile file, int attempt, int attempts, String reason) {}
}
