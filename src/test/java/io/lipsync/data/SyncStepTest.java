package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.nets.Found;
import io.lipsync.eval.FaceTracker;
import io.lipsync.eval.LipSyncError;
import io.lipsync.eval.SyncNetV2Eval;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoEncoder;
import io.lipsync.shots.ShotDetector;
import io.lipsync.testing.LoudnessNet;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 6 end to end on a source whose sync is known: the portrait's brightness follows a random walk and the
 * audio's loudness follows the same walk three frames late. Judged by {@link LoudnessNet} through the same
 * LSE measurement as {@code lipsync eval}, the cut measures -3, is written with the audio moved to offset
 * 0 (measured again from the written file), and is filtered out when the offset bound is tighter.
 */
class SyncStepTest {
    private static final int FRAMES = 160;
    private static final int DELAY = 3;

    @TempDir
    Path dir;

    @Test
    void measuresCorrectsAndFiltersTheOffset() throws Exception {
        Path source = dir.resolve("raw/talk.mp4");
        writeSource(source);
        try (NDManager m = NDManager.newBaseManager();
                FaceDetector faces = FaceDetectors.open(TestModels.blazeFace());
                FaceBoxDetector boxes = FaceBoxDetector.of(FaceDetectors.open(TestModels.blazeFace()))) {
            LipSyncError lse = new LipSyncError(boxes, new SyncNetV2Eval(new LoudnessNet(), m), FaceTracker.upstream());
            PrepareTools tools = new PrepareTools(faces, Found.of(lse), "blazeface", Found.missing("not under test"), () -> {});
            Path out = dir.resolve("prepared");
            SourcePreparer.prepareOutput(out);
            ManifestRow row = only(new SourcePreparer(256, ShotDetector.Settings.upstream(), new Filters(0.5, 6, 40), false)
                    .prepare(source, "talk.mp4", "0123456789abcdef", out, tools));
            assertTrue(row.kept(), row.toString());
            assertEquals(-DELAY, row.scores().syncOffset());
            assertTrue(row.scores().syncConfidence() >= 0.5, row.toString());
            // The audio was late: its first three frames' worth goes, the video keeps its start.
            assertEquals(0, row.cut().startFrame());
            assertEquals(row.cut().faceFrames() - DELAY, row.cut().frames());
            assertTrue(row.verdict().clip().startsWith(SourcePreparer.KEPT_FOLDER + "/"), row.verdict().clip());
            assertTrue(row.notes().contains("audio moved by -3 frames"), row.notes());
            LipSyncError.Result again = lse.measure(out.resolve(row.verdict().clip()), null);
            assertEquals(0, again.clip().orElseThrow().avOffset(), "the written clip is in sync");

            Path strict = dir.resolve("strict");
            SourcePreparer.prepareOutput(strict);
            ManifestRow dropped = only(new SourcePreparer(256, ShotDetector.Settings.upstream(), new Filters(0.5, 2, 40), false)
                    .prepare(source, "talk.mp4", "0123456789abcdef", strict, tools));
            assertEquals("sync_av", dropped.verdict().droppedBy());
            assertTrue(dropped.verdict().reason().contains("offset -3"), dropped.verdict().reason());
            assertTrue(dropped.verdict().clip().startsWith(SourcePreparer.FILTERED_FOLDER + "/"), dropped.verdict().clip());
            assertTrue(Files.isRegularFile(strict.resolve(dropped.verdict().clip())), "judged cuts are kept for refiltering");
            try (var kept = Files.list(strict.resolve(SourcePreparer.KEPT_FOLDER))) {
                assertEquals(0, kept.count());
            }
        }
    }

    private static ManifestRow only(List<ManifestRow> rows) {
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    /** The portrait at a brightness that wanders from frame to frame; noise whose loudness wanders alike, late. */
    private static void writeSource(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        BufferedImage png = ImageIO.read(SharedFixtures.media().resolve("face.png").toFile());
        int w = png.getWidth();
        int h = png.getHeight();
        Random random = new Random(7);
        double[] level = new double[FRAMES];
        double u = 0.5;
        for (int t = 0; t < FRAMES; t++) {
            u = Math.max(0, Math.min(1, u + (random.nextBoolean() ? 0.1 : -0.1)));
            level[t] = u;
        }
        try (VideoEncoder encoder = new VideoEncoder(file, w, h, "mp4")) {
            for (int t = 0; t < FRAMES; t++) {
                double gain = 0.55 + 0.45 * level[t];
                Rgb frame = Rgb.blank(w, h);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int rgb = png.getRGB(x, y);
                        frame.set(y, x, 0, (int) (((rgb >> 16) & 0xff) * gain));
                        frame.set(y, x, 1, (int) (((rgb >> 8) & 0xff) * gain));
                        frame.set(y, x, 2, (int) ((rgb & 0xff) * gain));
                    }
                }
                encoder.writeVideo(frame);
                float[] sound = new float[AudioDecoder.SAMPLES_PER_FRAME];
                double amplitude = 0.02 + 0.4 * (t >= DELAY ? level[t - DELAY] : 0.5);
                for (int s = 0; s < sound.length; s++) {
                    sound[s] = (float) (amplitude * (random.nextDouble() * 2 - 1));
                }
                encoder.writeAudio(sound, 0, sound.length);
            }
            encoder.commit();
        }
    }
}
