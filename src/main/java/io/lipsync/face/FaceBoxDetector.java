package io.lipsync.face;

import io.lipsync.image.Rgb;
import java.util.List;

/** Finds every face in a frame (evaluation tracks them all, where rendering wants the one to lip-sync). */
public interface FaceBoxDetector extends AutoCloseable {
    List<FaceBox> detect(Rgb frame);

    /** What finds the faces, for reports. */
    String id();

    @Override
    default void close() {}

    /** The face stage's detector as a box detector: at most one face per frame. */
    static FaceBoxDetector of(FaceDetector detector) {
        return new FaceBoxDetector() {
            @Override
            public List<FaceBox> detect(Rgb frame) {
                return detector.detect(frame).map(d -> List.of(new FaceBox(d.x1(), d.y1(), d.x2(), d.y2(), d.score())))
                        .orElse(List.of());
            }

            @Override
            public String id() {
                return detector.id();
            }

            @Override
            public void close() {
                detector.close();
            }
        };
    }
}
