package io.lipsync.eval;

import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.S3fdDetector;
import io.lipsync.nets.Found;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.Nets;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What LSE needs: SyncNet-v2, and S3FD to find faces as upstream does. Without S3FD's weights the face stage's
 * detector finds them instead (one face per frame; said in {@link #faces()}). Without SyncNet-v2 there is no
 * LSE, and {@link #lse()} says why.
 *
 * @param faces which detector finds the faces, and what that means for the numbers (null without SyncNet-v2)
 */
public record LseSetup(Found<LipSyncError> lse, String faces) {
    /** {@code faceStage}: the face stage's detector, asked for only when S3FD's weights are absent. */
    public static LseSetup open(Nets nets, Supplier<FaceBoxDetector> faceStage) {
        Found<Path> syncnet = nets.find(NetFile.SYNCNET_V2);
        if (!syncnet.present()) {
            return new LseSetup(Found.missing(syncnet.missing()), null);
        }
        FaceBoxDetector detector;
        String faces;
        if (nets.find(NetFile.S3FD).present()) {
            detector = new S3fdDetector(nets.s3fd(), nets.manager());
            faces = "S3FD, as upstream";
        } else {
            detector = faceStage.get();
            faces = detector.id() + " (S3FD's weights are absent: `lipsync models download --data`), so LSE "
                    + "differs from upstream's where the detectors' boxes differ";
        }
        return new LseSetup(Found.of(new LipSyncError(detector, new SyncNetV2Eval(nets.syncNetV2(), nets.manager()),
                FaceTracker.upstream())), faces);
    }
}
