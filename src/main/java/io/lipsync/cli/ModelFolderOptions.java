package io.lipsync.cli;

import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command's networks come from: the checkpoints folder, and the face detector if not the folder's. */
final class ModelFolderOptions {
    @Option(names = "--checkpoints", defaultValue = ModelCatalog.DEFAULT_FOLDER, paramLabel = "DIR",
            description = "the model folder (`lipsync models download` fills it; see checkpoints/README.md). "
                    + "Default: ${DEFAULT-VALUE}")
    Path checkpoints = Path.of(ModelCatalog.DEFAULT_FOLDER);

    @Option(names = "--face-detector", paramLabel = "FILE|DIR",
            description = "a BlazeFace .onnx file, or a folder with InsightFace's det_10g.onnx and 2d106det.onnx. "
                    + "Default: the folder's InsightFace when both its files are there, else its BlazeFace")
    Path faceDetector;

    /** The folder's files, the face detector named instead when one is given. */
    NetFiles files() {
        return NetFiles.in(checkpoints).with(NetFile.FACE_DETECTOR, faceDetector);
    }
}
