package io.lipsync.data;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.eval.LipSyncError;
import io.lipsync.eval.LseSetup;
import io.lipsync.eval.VisualQuality;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.model.hyperiqa.HyperIqa;
import io.lipsync.model.hyperiqa.HyperIqaConfig;
import io.lipsync.modelfiles.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one worker prepares sources with: the face stage's detector (step 5), and when their weights are in the
 * checkpoints folder, the same LSE measurement {@code lipsync eval} uses (step 6) and HyperIQA (step 7). Opened once per
 * worker, not per file: loading the nets costs more than judging a segment.
 *
 * @param sync null when SyncNet-v2's weights are absent; {@code syncMissing} says so
 * @param syncFaces which detector step 6 finds faces with (null without SyncNet-v2)
 * @param quality step 7's judge; null when HyperIQA's weights are absent, {@code qualityMissing} says so
 */
record PrepareTools(FaceDetector faces, LipSyncError sync, String syncMissing, String syncFaces,
        VisualQuality quality, String qualityMissing, AutoCloseable resources) implements AutoCloseable {

    static PrepareTools open(Path faceDetector, Path checkpoints) {
        NDManager manager = NDManager.newBaseManager();
        FaceDetector faces = null;
        try {
            faces = FaceDetectors.open(faceDetector);
            // Step 6 falls back on the same detector (not a second copy) when S3FD's weights are absent.
            FaceBoxDetector stage = FaceBoxDetector.of(faces);
            LseSetup sync = LseSetup.open(checkpoints.resolve(ModelCatalog.SYNCNET_V2),
                    checkpoints.resolve(ModelCatalog.S3FD), () -> stage, manager);
            Path hyperIqa = checkpoints.resolve(ModelCatalog.HYPER_IQA);
            VisualQuality quality = null;
            if (Files.isRegularFile(hyperIqa)) {
                HyperIqa net = new HyperIqa(HyperIqaConfig.koniq());
                net.load(StateDict.load(hyperIqa), manager);
                quality = new VisualQuality(net, manager);
            }
            FaceDetector opened = faces;
            return new PrepareTools(faces, sync.lse(), sync.missing(), sync.faces(), quality,
                    "no HyperIQA at " + hyperIqa + " (`lipsync models download --data`)", () -> {
                        opened.close();
                        manager.close();
                    });
        } catch (RuntimeException e) {
            if (faces != null) {
                faces.close();
            }
            manager.close();
            throw e;
        }
    }

    /** The face detector alone, for the Spark job's first stage (steps 1-5). */
    static PrepareTools facesOnly(Path faceDetector) {
        FaceDetector faces = FaceDetectors.open(faceDetector);
        String later = "runs in the second stage";
        return new PrepareTools(faces, null, later, null, null, later, faces::close);
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
