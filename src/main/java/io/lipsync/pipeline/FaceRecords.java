package io.lipsync.pipeline;

/** The face work of every source frame of a clip, from the cache or being computed as the render asks. */
interface FaceRecords extends AutoCloseable {
    FaceRecord get(int sourceFrame);

    /** Frames with a face among those known so far. */
    int faces();

    @Override
    void close();
}
