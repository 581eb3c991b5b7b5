package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.syncnetv2.SyncNetV2Config;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * LSE on the shared face clip, with the face stage's detector and a random-weight SyncNet-v2 at its real size:
 * the tracks, their windows and the video's aggregation (the windows' alignment and the offset's sign are
 * {@link SyncNetV2EvalTest}'s).
 */
class LipSyncErrorTest {
    @Test
    void tracksTheFaceInBothShotsAndJudgesEachTrack() {
        Path clip = SharedFixtures.media().resolve("face-clip.mp4");
        try (NDManager m = NDManager.newBaseManager();
                FaceBoxDetector faces = FaceBoxDetector.of(FaceDetectors.open(TestModels.blazeFace()))) {
            SyncNetV2 net = new SyncNetV2(SyncNetV2Config.official());
            RandomWeights.fill(net.params(), m, 1);
            LipSyncError.Result r = new LipSyncError(faces, new SyncNetV2Eval(net, m), FaceTracker.upstream())
                    .measure(clip, null);
            assertEquals(200, r.frames());
            // The face leaves the picture at frame 100 and returns at 116 (cuts there); the last shot ends a frame
            // before the video does, as PySceneDetect 0.6.1 ends it.
            assertEquals(2, r.tracks().size());
            assertEquals(0, r.tracks().get(0).track().firstFrame());
            assertEquals(100, r.tracks().get(0).track().frames());
            assertEquals(116, r.tracks().get(1).track().firstFrame());
            assertEquals(83, r.tracks().get(1).track().frames());
            // The clip's 6.8 s of speech end before its video: a track is judged as far as both reach.
            int audioFrames = io.lipsync.media.AudioDecoder.decode(clip).length / 640;
            for (LipSyncError.TrackResult t : r.tracks()) {
                assertEquals(Math.min(t.track().frames(), audioFrames - t.track().firstFrame()) - 5,
                        t.sync().dists().length);
                assertTrue(Math.abs(t.sync().avOffset()) <= SyncOffset.VSHIFT);
                assertTrue(t.sync().conf() >= 0 && t.sync().minDist() > 0);
            }
            assertTrue(r.clip().isPresent());
            assertEquals((r.tracks().get(0).sync().conf() + r.tracks().get(1).sync().conf()) / 2, r.lseC(), 1e-12);
            assertEquals((r.tracks().get(0).sync().minDist() + r.tracks().get(1).sync().minDist()) / 2, r.lseD(), 1e-12);
        }
    }
}
