package io.lipsync.data;

import ai.djl.Device;
import io.lipsync.eval.LipSyncError;
import io.lipsync.eval.LseSetup;
import io.lipsync.eval.VisualQuality;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.FaceDetector;
import io.lipsync.nets.Found;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one worker prepares sources with: the face stage's detector (step 5), and when their weights are there,
 * the same LSE measurement {@code lipsync eval} uses (step 6) and HyperIQA (step 7). Opened once per worker,
 * not per file: loading the nets costs more than judging a cut.
 *
 * @param sync step 6's measure, or why it is missing
 * @param syncFaces which detector step 6 finds faces with (null without SyncNet-v2)
 * @param quality step 7's judge, or why it is missing
 * @param resources what closing closes (the nets)
 */
record PrepareTools(FaceDetector faces, Found<LipSyncError> sync, String syncFaces, Found<VisualQuality> quality,
        AutoCloseable resources) implements AutoCloseable {

    static PrepareTools open(NetFiles files, Device device) {
        Nets nets = new Nets(files, device);
        try {
            FaceDetector faces = nets.faceDetector();
            // Step 6 falls back on the same detector (not a second copy) when S3FD's weights are absent.
            FaceBoxDetector stage = FaceBoxDetector.of(faces);
            LseSetup sync = LseSetup.open(nets, () -> stage);
            Found<VisualQuality> quality = nets.find(NetFile.HYPER_IQA)
                    .map(p -> new VisualQuality(nets.hyperIqa(), nets.manager()));
            return new PrepareTools(faces, sync.lse(), sync.faces(), quality, nets);
        } catch (RuntimeException e) {
            nets.close();
            throw e;
        }
    }

    /** The face detector alone, for the Spark job's first stage (steps 1-5). */
    static PrepareTools facesOnly(Path faceDetector) {
        Nets nets = new Nets(new NetFiles(null, Map.of(NetFile.FACE_DETECTOR, faceDetector)), Device.cpu());
        String later = "runs in the second stage";
        return new PrepareTools(nets.faceDetector(), Found.missing(later), null, Found.missing(later), nets);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the data pipeline's models", e);
        }
    }
}
