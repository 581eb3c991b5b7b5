package io.lipsync.face;

import io.lipsync.image.Rgb;
import java.util.Optional;

/** Finds the face to lip-sync in a frame, if there is a usable one: the largest, unless told otherwise. */
public interface FaceDetector extends AutoCloseable {
    Optional<FaceDetection> detect(Rgb frame);

    /** A short name that identifies the detector and its settings (part of the face cache's key). */
    String id();

    /**
     * This detector, finding the face {@code choice} picks where a frame has several; it shares the models and
     * is closed with this one. Its {@link #id} names the choice (other than the largest).
     */
    FaceDetector choosing(FaceChoice choice);

    @Override
    default void close() {}
}
