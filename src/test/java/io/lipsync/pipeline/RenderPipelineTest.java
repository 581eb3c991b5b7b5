package io.lipsync.pipeline;

import ai.djl.Device;
import io.lipsync.face.FaceChoice;
import io.lipsync.face.FaceDetector;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import io.lipsync.testing.TwoFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Whole renders of the shared face clip with the tiny random-weight models (they prove the plumbing, not the lips). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RenderPipelineTest {
    /** The clip's background strip left of the portrait, never touched by a face. */
    private static final int BACKGROUND_COLUMNS = 140;

    @TempDir
    Path dir;

    private Nets nets;
    private NDManager manager;
    private FaceDetector detector;
    private LatentSyncModels models;
    private Path media;

    @BeforeAll
    void load() {
        Path parity = SharedFixtures.parity();
        media = SharedFixtures.media();
        ModelSet tiny = ModelSet.tinyFixtures(parity, TestModels.blazeFace());
        nets = new Nets(NetFiles.of(tiny, null), Device.cpu());
        manager = nets.manager();
        detector = nets.faceDetector();
        models = LatentSyncModels.open(nets, tiny.unetConfig());
    }

    @AfterAll
    void free() {
        nets.close();
    }

    private RenderSummary render(Path voice, Path out, Path segments, FaceCache cache) {
        DenoiseOptions options = new DenoiseOptions(2, 1.5f, true, 3);
        return new RenderPipeline(models, detector, cache)
                .render(new RenderRequest(media.resolve("face-clip.mp4"), voice, out, segments, options, 7), manager,
                        RenderListener.NONE);
    }

    private static List<Rgb> frames(Path video) {
        List<Rgb> out = new ArrayList<>();
        VideoDecoder.decode(video, out::add);
        return out;
    }

    private static double meanAbsDiff(Rgb a, Rgb b, int columns) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < columns; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.get(y, x, c) - b.get(y, x, c));
                    n++;
                }
            }
        }
        return sum / n;
    }

    @Test
    void rendersTheVoiceLengthAndPassesNoFaceFramesThrough() throws Exception {
        Path out = dir.resolve("synced.mp4");
        FaceCache cache = new FaceCache(dir.resolve("cache"), 1L << 30);
        Path segments = dir.resolve("hls");
        RenderSummary summary = render(media.resolve("voice-en.wav"), out, segments, cache);

        List<Rgb> source = frames(media.resolve("face-clip.mp4"));
        List<Rgb> result = frames(out);
        assertEquals(200, source.size(), "8 s at 25 fps");
        assertEquals(summary.frames().written(), result.size());
        // 6.8 s of voice: floor(340 / 2) + 2 windows, as upstream.
        assertEquals(172, result.size());
        assertEquals(640, result.get(0).width());
        assertEquals(360, result.get(0).height());
        float[] audio = AudioDecoder.decode(out);
        assertEquals(6.8, audio.length / 16000.0, 0.1, "the output is as long as the voice");

        assertTrue(summary.frames().passedThrough() >= 14 && summary.frames().passedThrough() <= 17, "4.0 s to 4.6 s has no face: "
                + summary.frames().passedThrough());
        for (int i = 0; i < result.size(); i++) {
            assertTrue(meanAbsDiff(source.get(i), result.get(i), BACKGROUND_COLUMNS) < 3, "background of frame " + i);
        }
        int faceless = 0;
        double insideFace = 0;
        for (int i = 0; i < result.size(); i++) {
            double whole = meanAbsDiff(source.get(i), result.get(i), 640);
            if (i >= 101 && i <= 113) {
                assertTrue(whole < 3, "frame " + i + " has no face and must pass through, differs by " + whole);
                faceless++;
            } else if (i < 90) {
                insideFace = Math.max(insideFace, whole);
            }
        }
        assertEquals(13, faceless);
        assertTrue(insideFace > 1, "the tiny random model must visibly change the mouth region");
        assertFalse(summary.faces().cacheHit());
        assertEquals(200, summary.faces().detectorCalls());

        String playlist = Files.readString(segments.resolve("playlist.m3u8"));
        assertTrue(playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
        List<Rgb> fromSegments = new ArrayList<>();
        int segmentCount = 0;
        for (String line : playlist.split("\n")) {
            if (line.endsWith(".ts")) {
                VideoDecoder.decode(segments.resolve(line), fromSegments::add);
                segmentCount++;
            }
        }
        assertEquals(22, segmentCount, "172 frames in segments of 8");
        assertEquals(result.size(), fromSegments.size(), "the segments hold every frame of the MP4");
        // One encode feeds both: the segments' frames are the MP4's, bit for bit.
        for (int i = 0; i < result.size(); i++) {
            assertArrayEquals(result.get(i).pixels(), fromSegments.get(i).pixels(), "segment frame " + i);
        }
        assertTrue(summary.stageSeconds().containsKey("first segment after"));
    }

    @Test
    void reRenderWithANewVoiceUsesTheCacheAndPingPongs() throws Exception {
        FaceCache cache = new FaceCache(dir.resolve("cache2"), 1L << 30);
        render(media.resolve("voice-en.wav"), dir.resolve("first.mp4"), null, cache);
        Path second = dir.resolve("second.mp4");
        RenderSummary summary = render(media.resolve("voice-long.mp3"), second, null, cache);
        assertTrue(summary.faces().cacheHit());
        assertEquals(0, summary.faces().detectorCalls(), "no face detection on a cache hit");
        assertEquals(0, summary.faces().vaeEncodes(), "no VAE encoding on a cache hit");
        List<Rgb> result = frames(second);
        assertTrue(result.size() > 400, "16.9 s of voice needs the clip played forward and back: " + result.size());
        List<Rgb> source = frames(media.resolve("face-clip.mp4"));
        // Output frame 210 shows source frame 189 (the backward pass): compare the background.
        assertTrue(meanAbsDiff(source.get(FrameSchedule.sourceFrame(210, 200)), result.get(210),
                BACKGROUND_COLUMNS) < 3);
        assertTrue(Files.size(second) > 0);
    }

    @Test
    void nativeTensorsDoNotPileUpChunkByChunk() throws Exception {
        FaceCache cache = new FaceCache(dir.resolve("cache-leak"), 1L << 30);
        int modelArrays = manager.getManagedArrays().size();
        for (String voice : new String[] {"voice-en.wav", "voice-long.mp3"}) {
            List<Integer> live = new ArrayList<>();
            try (NDManager renderManager = manager.newSubManager()) {
                RenderListener sampler = new RenderListener() {
                    @Override
                    public void progress(long done) {
                        live.add(renderManager.getManagedArrays().size());
                    }
                };
                new RenderPipeline(models, detector, cache).render(new RenderRequest(media.resolve("face-clip.mp4"),
                        media.resolve(voice), dir.resolve("leak.mp4"), null, new DenoiseOptions(1, 1.5f, true, 3), 5),
                        renderManager, sampler);
            }
            assertTrue(live.size() > 20, voice + ": progress reported per chunk: " + live);
            // After the first chunk the render holds a fixed set of tensors (voice features); none per chunk.
            int steady = live.get(1);
            assertTrue(live.stream().allMatch(n -> n <= steady), voice + ": live tensors per chunk " + live);
            assertEquals(modelArrays, manager.getManagedArrays().size(), voice + ": tensors left on the model manager");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"360, 640", "3840, 2160"})
    void portraitAndHugeClipsKeepTheirSize(int width, int height) throws Exception {
        Path clip = dir.resolve("clip-" + width + "x" + height + ".mp4");
        io.lipsync.bench.RenderBenchmark.writeClip(media.resolve("face.png"), clip, 1, width, height);
        Path voice = dir.resolve("voice.wav");
        Files.write(voice, io.lipsync.bench.SyntheticVoice.wav(1, 3));
        Path out = dir.resolve("out-" + width + ".mp4");
        RenderSummary summary = new RenderPipeline(models, detector, new FaceCache(dir.resolve("c" + width), 1L << 30))
                .render(new RenderRequest(clip, voice, out, null, new DenoiseOptions(1, 1.5f, true, 3), 3), manager,
                        RenderListener.NONE);
        assertTrue(summary.faces().found() > 20, "faces found: " + summary.faces().found());
        List<Rgb> result = frames(out);
        assertEquals(summary.frames().written(), result.size());
        assertEquals(width, result.get(0).width());
        assertEquals(height, result.get(0).height());
    }

    /**
     * A clip with two faces: the face chosen is the one lip-synced, each choice keeps its own faces in the cache,
     * and the other face is left as it was.
     */
    @Test
    void theChosenFaceOfTwoIsTheOneLipSynced() throws Exception {
        Path clip = dir.resolve("two-faces.mp4");
        TwoFaces.clip(clip, 25);
        Path voice = dir.resolve("two-voice.wav");
        Files.write(voice, io.lipsync.bench.SyntheticVoice.wav(1, 3));
        FaceCache cache = new FaceCache(dir.resolve("two-cache"), 1L << 30);
        Rgb source = frames(clip).get(12);
        for (FaceChoice choice : List.of(FaceChoice.fromLeft(1), FaceChoice.fromLeft(2))) {
            Path out = dir.resolve("two-" + choice + ".mp4");
            RenderSummary summary = new RenderPipeline(models, detector, cache).render(new RenderRequest(clip, voice, out,
                    null, new DenoiseOptions(1, 1.5f, true, 3), 3, choice), manager, RenderListener.NONE);
            assertFalse(summary.faces().cacheHit(), choice + ": the other choice's faces are not this one's");
            assertTrue(summary.faces().found() >= 20, choice + ": faces found: " + summary.faces().found());
            Rgb result = frames(out).get(12);
            double left = regionDiff(source, result, TwoFaces.LEFT_FACE);
            double right = regionDiff(source, result, TwoFaces.RIGHT_FACE);
            double chosen = choice.fromLeft() == 1 ? left : right;
            double other = choice.fromLeft() == 1 ? right : left;
            assertTrue(chosen > 4 * other && other < 5, choice + ": mean change in the chosen face " + chosen
                    + ", in the other " + other);
        }
    }

    /** Mean absolute difference over the lower half of a face's box (its mouth is there). */
    private static double regionDiff(Rgb a, Rgb b, int[] box) {
        double sum = 0;
        long n = 0;
        for (int y = (box[1] + box[3]) / 2; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.get(y, x, c) - b.get(y, x, c));
                    n++;
                }
            }
        }
        return sum / n;
    }
}
