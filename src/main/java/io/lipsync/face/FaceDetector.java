package io.lipsync.face;

import io.lipsync.image.Rgb;
import java.util.Optional;

/** Finds the face to lip-sync in a frame, if there is a usable one. */
public interface FaceDetector extends AutoCloseable {
    Optional<FaceDetection> detect(Rgb frame);

    /** A short name that identifies the detector and its settings (part of the face cache's key). */
    String id();

    @Override
    default void close() {}
}
