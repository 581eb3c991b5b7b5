package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.nets.Found;
import io.lipsync.eval.VisualQuality;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.image.Rgb;
import io.lipsync.media.VideoDecoder;
import io.lipsync.model.hyperiqa.HyperIqa;
import io.lipsync.model.hyperiqa.HyperIqaConfig;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.shots.ShotDetector;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 7 on the shared face clip with a random-weight HyperIQA at its real size: each cut's score is the
 * net's on its first, middle and last frames, recorded in the manifest, and the threshold decides kept or
 * filtered.
 */
class QualityStepTest {
    @TempDir
    Path dir;

    private List<ManifestRow> prepare(double minQuality, String folder, VisualQuality quality, FaceDetector faces) {
        Path out = dir.resolve(folder);
        try {
            SourcePreparer.prepareOutput(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PrepareTools tools = new PrepareTools(faces, Found.missing("not under test"), null, Found.of(quality), () -> {});
        return new SourcePreparer(256, ShotDetector.Settings.upstream(), new Filters(3, 6, minQuality), false)
                .prepare(SharedFixtures.media().resolve("face-clip.mp4"), "face-clip.mp4", "0123456789abcdef", out,
                        tools).stream().filter(r -> r.cut().faceFrames() == r.cut().frames()).toList();
    }

    @Test
    void scoresEveryCutAndFiltersBelowTheThreshold() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); FaceDetector faces = FaceDetectors.open(TestModels.blazeFace())) {
            HyperIqa net = new HyperIqa(HyperIqaConfig.koniq());
            RandomWeights.fill(net.params(), m, 4);
            VisualQuality quality = new VisualQuality(net, m);
            List<ManifestRow> lenient = prepare(-1e9, "lenient", quality, faces);
            assertEquals(2, lenient.size(), "both shots with a face: " + lenient);
            for (ManifestRow r : lenient) {
                assertTrue(r.kept(), r.toString());
                List<Rgb> frames = new ArrayList<>();
                VideoDecoder.decode(dir.resolve("lenient").resolve(r.verdict().clip()), frames::add);
                // The written clip is re-encoded, so its frames score near, not exactly at, the aligned faces'.
                double again = quality.score(frames);
                assertEquals(r.scores().quality(), again, 0.05 * Math.max(1, Math.abs(again)), r.toString());
            }
            List<ManifestRow> strict = prepare(1e9, "strict", quality, faces);
            for (ManifestRow r : strict) {
                assertEquals("filter_visual_quality", r.verdict().droppedBy(), r.toString());
                assertTrue(Files.isRegularFile(dir.resolve("strict").resolve(r.verdict().clip())));
            }
        }
    }
}
