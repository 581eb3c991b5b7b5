package io.lipsync.eval;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.S3fdDetector;
import io.lipsync.model.s3fd.S3fdNet;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.syncnetv2.SyncNetV2Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What LSE needs, opened from files: SyncNet-v2, and S3FD to find faces as upstream does. Without S3FD's
 * weights the face stage's detector finds them instead (one face per frame; said in {@link #faces()}).
 * Without SyncNet-v2 there is no LSE: {@link #lse()} is null and {@link #missing()} says why.
 *
 * @param faces which detector finds the faces, and what that means for the numbers (null without SyncNet-v2)
 */
public record LseSetup(LipSyncError lse, String missing, String faces) {
    /**
     * {@code syncnetV2}, {@code s3fd}: the weight files (may be absent); {@code faceStage}: the face stage's
     * detector, asked for only when S3FD's weights are absent and still owned by the caller. Weights live in
     * {@code manager}.
     */
    public static LseSetup open(Path syncnetV2, Path s3fd, Supplier<FaceBoxDetector> faceStage, NDManager manager) {
        if (!Files.isRegularFile(syncnetV2)) {
            return new LseSetup(null, "no SyncNet-v2 at " + syncnetV2 + " (`lipsync models download --data`)", null);
        }
        SyncNetV2 net = new SyncNetV2(SyncNetV2Config.official());
        net.load(StateDict.load(syncnetV2), manager);
        FaceBoxDetector detector;
        String faces;
        if (Files.isRegularFile(s3fd)) {
            S3fdNet s3fdNet = new S3fdNet();
            s3fdNet.load(StateDict.load(s3fd), manager);
            detector = new S3fdDetector(s3fdNet, manager);
            faces = "S3FD, as upstream";
        } else {
            detector = faceStage.get();
            faces = detector.id() + " (S3FD's weights are absent: `lipsync models download --data`), so LSE "
                    + "differs from upstream's where the detectors' boxes differ";
        }
        return new LseSetup(new LipSyncError(detector, new SyncNetV2Eval(net, manager), FaceTracker.upstream()), null,
                faces);
    }
}
