package io.lipsync.face;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the face detector a model set names: a folder is InsightFace (upstream's), a file is BlazeFace. */
public final class FaceDetectors {
    private FaceDetectors() {}

    /** {@code choice}: a BlazeFace .onnx file, or a folder holding InsightFace's det_10g.onnx and 2d106det.onnx. */
    public static FaceDetector open(Path choice) {
        return Files.isDirectory(choice) ? new InsightFaceDetector(choice) : new BlazeFaceDetector(choice);
    }
}
