package io.lipsync.face;

import java.nio.file.Files;
import java.nio.file.Path;

/** Picks the face detector: upstream's InsightFace when its files are there, else BlazeFace. */
public final class FaceDetectors {
    /** Where {@code lipsync models download} puts BlazeFace, under the checkpoints folder. */
    public static final String BLAZE_FACE_FILE = "blazeface/face_detection_front_128x128.onnx";

    private FaceDetectors() {}

    /**
     * {@code choice} names a BlazeFace .onnx file or a folder holding InsightFace's det_10g.onnx and
     * 2d106det.onnx; null picks from {@code checkpoints}.
     */
    public static FaceDetector open(Path checkpoints, Path choice) {
        if (choice != null) {
            return Files.isDirectory(choice) ? new InsightFaceDetector(choice) : new BlazeFaceDetector(choice);
        }
        Path insightface = checkpoints.resolve(InsightFaceDetector.FOLDER);
        if (Files.isRegularFile(insightface.resolve(InsightFaceDetector.DETECTOR_FILE))
                && Files.isRegularFile(insightface.resolve(InsightFaceDetector.LANDMARK_FILE))) {
            return new InsightFaceDetector(insightface);
        }
        return new BlazeFaceDetector(checkpoints.resolve(BLAZE_FACE_FILE));
    }
}
