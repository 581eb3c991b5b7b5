package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.media.MediaProbe;
import io.lipsync.media.VideoDecoder;
import io.lipsync.testing.CliProcess;
import io.lipsync.testing.EvalModels;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lipsync data prepare} end to end on real and bad input: the shared face clip is cut where its face
 * leaves and returns, its shots with a face in every frame become aligned 256 px clips with their audio,
 * the stretch without a face is dropped with the reason, and files that are not videos, are empty or have
 * no audio are recorded as dropped while the run goes on; a re-run resumes, redoing only what is missing.
 */
class DataPrepareCommandTest {
    @TempDir
    Path dir;

    private String lipsync(int expectedExit, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = CliProcess.startCommand(dir.resolve("tmp"), log, prepare(args));
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "lipsync ended");
        String out = Files.readString(log);
        assertEquals(expectedExit, p.exitValue(), out);
        return out;
    }

    private static String[] prepare(String... args) {
        return Stream.concat(Stream.of("data", "prepare"), Stream.of(args)).toArray(String[]::new);
    }

    /** A 2 s 64x64 video with no audio stream. */
    private static void silentVideo(Path file) throws Exception {
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 64, 64, 0)) {
            r.setFormat("mp4");
            r.setFrameRate(25);
            r.setVideoCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264);
            r.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame frame = new Frame(64, 64, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < 50; i++) {
                r.record(frame, org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24);
            }
            r.stop();
        }
    }

    @Test
    void preparesTheFaceClipRecordsBadFilesAndResumes() throws Exception {
        Path raw = dir.resolve("raw");
        Files.createDirectories(raw.resolve("more"));
        Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), raw.resolve("face-clip.mp4"));
        Files.writeString(raw.resolve("notes.txt"), "not a video");
        Files.createFile(raw.resolve("more/empty.mp4"));
        silentVideo(raw.resolve("more/silent.mp4"));
        Path out = dir.resolve("prepared");
        String[] args = {"--in", raw.toString(), "--out", out.toString(), "--workers", "2", "--face-detector",
            TestModels.blazeFace().toString(), "--checkpoints", dir.resolve("no-models").toString()};
        String log = lipsync(0, args);
        assertTrue(log.contains("4 files to prepare"), log);
        // Progress per step, over the cuts: the face clip's three cuts, two of them with faces throughout.
        assertTrue(log.contains("cuts: 3 found (steps 1-4), 2 aligned (5), 2 judged (6-7), 2 kept"), log);

        List<ManifestRow> rows = new Manifest(out.resolve("manifest.jsonl")).read();
        List<ManifestRow> kept = rows.stream().filter(ManifestRow::kept).toList();
        assertTrue(kept.size() >= 2, "the face clip's shots with faces are kept: " + rows);
        for (ManifestRow r : kept) {
            assertEquals("face-clip.mp4", r.source());
            assertEquals(r.cut().frames(), r.cut().faceFrames());
            Path clip = out.resolve(r.verdict().clip());
            MediaProbe.Streams streams = MediaProbe.probe(clip);
            assertTrue(streams.video() && streams.audio(), "a prepared clip has faces and audio: " + clip);
            int[] frames = {0};
            int[] size = new int[2];
            VideoDecoder.decode(clip, rgb -> {
                frames[0]++;
                size[0] = rgb.width();
                size[1] = rgb.height();
            });
            assertEquals(r.cut().frames(), frames[0], "frames of " + clip);
            assertEquals(256, size[0]);
            assertEquals(256, size[1]);
            assertTrue(r.notes().contains("sync filter (step 6) not run: missing SyncNet-v2"), r.notes());
            assertTrue(r.notes().contains("quality filter (step 7) not run"), r.notes());
        }
        assertTrue(rows.stream().anyMatch(r -> "face-clip.mp4".equals(r.source()) && !r.kept()
                && r.verdict().reason().startsWith("no face in frame")), "the stretch without a face is dropped: " + rows);
        assertTrue(rows.stream().anyMatch(r -> r.source().equals("notes.txt") && r.verdict().reason().startsWith("unreadable")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.source().equals("more/empty.mp4") && !r.kept()), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.source().equals("more/silent.mp4") && r.verdict().reason().startsWith("no audio")),
                rows.toString());

        String refused = lipsync(1, args);
        assertTrue(refused.contains("--resume"), refused);
        String again = lipsync(0, append(args, "--resume"));
        assertTrue(again.contains("0 files to prepare, 4 already done"), again);
        // A run killed while preparing the face clip wrote none of its rows: only that file is done again.
        List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"));
        Files.write(out.resolve("manifest.jsonl"), lines.stream().filter(l -> !l.contains("\"face-clip.mp4\"")).toList());
        String resumed = lipsync(0, append(args, "--resume"));
        assertTrue(resumed.contains("1 files to prepare, 3 already done"), resumed);
        assertEquals(rows.size(), new Manifest(out.resolve("manifest.jsonl")).read().size());
    }

    /**
     * Ctrl-C while one worker prepares the second of eight copies of the face clip (face detection and
     * encoding): the run stops with status 130 once the worker has left the native kernels, the manifest holds
     * whole files' rows only, and --resume prepares the rest.
     */
    @Test
    void ctrlCMidPrepareStopsCleanlyAndAResumeFinishes() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        byte[] clip = Files.readAllBytes(raw.resolve("face-clip.mp4"));
        for (int i = 2; i <= 8; i++) {
            // Trailing bytes FFmpeg skips make each copy a file of its own (files are known by size and content).
            Files.write(raw.resolve("face-clip-" + i + ".mp4"), Arrays.copyOf(clip, clip.length + i));
        }
        Path out = dir.resolve("prepared");
        String[] args = {"--in", raw.toString(), "--out", out.toString(), "--workers", "1", "--face-detector",
            TestModels.blazeFace().toString(), "--checkpoints", dir.resolve("no-models").toString()};
        Path log = dir.resolve("stopped.log");
        Process p = CliProcess.startCommand(dir.resolve("tmp"), log, prepare(args));
        CliProcess.await("one file prepared", () -> CliProcess.contains(log, " kept, "), p, log);
        CliProcess.interrupt(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run ended");
        CliProcess.assertStoppedCleanly(p, log, dir.resolve("tmp"));
        List<ManifestRow> rows = new Manifest(out.resolve("manifest.jsonl")).read();
        long files = rows.stream().map(ManifestRow::source).distinct().count();
        assertTrue(files >= 1 && files < 8, "stopped part-way: " + files + " files done");
        assertEquals(3 * files, rows.size(), "each done file's three cuts, none of the unfinished one's");
        String resumed = lipsync(0, append(args, "--resume"));
        assertTrue(resumed.contains((8 - files) + " files to prepare, " + files + " already done"), resumed);
        assertEquals(24, new Manifest(out.resolve("manifest.jsonl")).read().size(), resumed);
    }

    @Test
    void judgesEveryCutWithSyncNetV2AndHyperIqaWhenTheirWeightsArePresent() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        Path checkpoints = dir.resolve("checkpoints");
        EvalModels.dataJudges(checkpoints);
        Path out = dir.resolve("prepared");
        // Random weights judge at random: thresholds that pass everything let every cut reach step 7.
        String log = lipsync(0, "--in", raw.toString(), "--out", out.toString(), "--workers", "1", "--face-detector",
                TestModels.blazeFace().toString(), "--checkpoints", checkpoints.toString(), "--sync-conf", "-1000",
                "--max-offset", "15", "--min-quality", "-1000000");
        List<ManifestRow> judged = new Manifest(out.resolve("manifest.jsonl")).read().stream()
                .filter(r -> r.scores().syncConfidence() != null).toList();
        assertTrue(judged.size() >= 2, "both shots with a face reach step 6: " + log);
        for (ManifestRow r : judged) {
            assertTrue(r.kept(), r.toString());
            assertTrue(r.scores().quality() != null, "step 7 scored it: " + r);
            assertEquals(SourcePreparer.KEPT_FOLDER, Path.of(r.verdict().clip()).getParent().toString(), r.toString());
            assertTrue(Files.isRegularFile(out.resolve(r.verdict().clip())), r.toString());
            assertTrue(r.notes().contains("step 6 faces: blazeface"), r.notes());
        }
        assertTrue(Files.size(out.resolve("sync.png")) > 1000, "the histogram of sync confidences");
        assertTrue(Files.size(out.resolve("quality.png")) > 1000, "the histogram of quality scores");

        // Other thresholds, without judging again: every judged clip moves to filtered/, then back.
        Refilter.Summary strict = Refilter.run(out, new Filters(-1000, 15, 1e9));
        assertEquals(0, strict.kept());
        assertEquals(judged.size(), strict.moved());
        for (ManifestRow r : new Manifest(out.resolve("manifest.jsonl")).read()) {
            if (r.scores().syncConfidence() != null) {
                assertEquals("filter_visual_quality", r.verdict().droppedBy(), r.toString());
                assertTrue(Files.isRegularFile(out.resolve(r.verdict().clip())), r.toString());
            }
        }
        try (var clips = Files.list(out.resolve(SourcePreparer.KEPT_FOLDER))) {
            assertEquals(0, clips.count(), "training sees none of them");
        }
        Refilter.Summary lenient = Refilter.run(out, new Filters(-1000, 15, -1e9));
        assertEquals(judged.size(), lenient.kept());
        assertEquals(judged.size(), lenient.moved());
    }

    private static String[] append(String[] args, String more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = more;
        return out;
    }
}
