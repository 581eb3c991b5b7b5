package io.lipsync.data;

import ai.djl.Device;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.NetFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.EvalModels;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import io.lipsync.util.Stopping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark runner (local mode) gives the manifest the local runner gives on the same input, and Parquet too. */
class SparkPrepareTest {
    @TempDir
    Path dir;

    private static final DataPrepare.Listener QUIET = new DataPrepare.Listener() {
        @Override
        public void started(int toDo, int alreadyDone) {}

        @Override
        public void finished(String source, List<ManifestRow> rows) {}
    };

    @Test
    void sparkLocalModeWritesTheLocalRunnersManifest() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        Files.writeString(raw.resolve("readme.txt"), "not a video");
        Path none = dir.resolve("no-checkpoints");
        DataPrepare.Summary local = DataPrepare.run(options(raw, dir.resolve("local"), 2, none, Filters.upstream()), QUIET);
        DataPrepare.Summary spark = SparkPrepare.run(options(raw, dir.resolve("spark"), 2, none, Filters.upstream()),
                "local[2]", QUIET);
        assertEquals(sorted(new Manifest(local.manifest()).read()), sorted(new Manifest(spark.manifest()).read()));
        assertEquals(local.kept(), spark.kept());
        assertTrue(local.kept() >= 2, "the face clip's shots with faces are kept");
        try (var files = Files.list(dir.resolve("spark/manifest.parquet"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")), "the manifest as Parquet");
        }
    }

    /**
     * A stop in local mode ends the run with the stop itself, as the local runner's does, not with a Spark job
     * failure (whose task error Spark logs with a stack trace).
     */
    @Test
    void aStopEndsTheJobAsAStopNotAsATaskFailure() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        DataPrepare.Listener stopsOnceStarted = new DataPrepare.Listener() {
            @Override
            public void started(int toDo, int alreadyDone) {
                Stopping.request();
            }

            @Override
            public void finished(String source, List<ManifestRow> rows) {}
        };
        DataPrepare.Options options = options(raw, dir.resolve("spark"), 2, dir.resolve("no-checkpoints"),
                Filters.upstream());
        assertThrows(Stopping.Stopped.class, () -> Stopping.guard(Stopping.Policy.ABANDON, said -> {},
                () -> SparkPrepare.run(options, "local[2]", stopsOnceStarted)));
        assertEquals(List.of(), new Manifest(dir.resolve("spark/manifest.jsonl")).read(),
                "no source was finished before the stop");
    }

    @Test
    void theTwoStageSparkJobJudgesAsTheLocalRunnerDoes() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        Path checkpoints = dir.resolve("checkpoints");
        EvalModels.dataJudges(checkpoints);
        // Thresholds far from any score, so a last-bit difference between runs cannot flip a verdict.
        Filters lenient = new Filters(-1000, 15, -1e9);
        DataPrepare.Summary local = DataPrepare.run(options(raw, dir.resolve("local"), 1, checkpoints, lenient), QUIET);
        DataPrepare.Summary spark = SparkPrepare.run(options(raw, dir.resolve("spark"), 1, checkpoints, lenient),
                "local[2]", QUIET);
        List<ManifestRow> a = sorted(new Manifest(local.manifest()).read());
        List<ManifestRow> b = sorted(new Manifest(spark.manifest()).read());
        assertEquals(a.size(), b.size());
        int judged = 0;
        for (int i = 0; i < a.size(); i++) {
            ManifestRow x = a.get(i);
            ManifestRow y = b.get(i);
            assertEquals(withoutScores(x), withoutScores(y));
            if (x.scores().syncConfidence() != null) {
                judged++;
                assertEquals(x.scores().syncOffset(), y.scores().syncOffset());
                assertEquals(x.scores().syncConfidence(), y.scores().syncConfidence(), 1e-6 * Math.max(1, Math.abs(x.scores().syncConfidence())));
                assertEquals(x.scores().quality(), y.scores().quality(), 1e-6 * Math.max(1, Math.abs(x.scores().quality())));
            }
        }
        assertTrue(judged >= 2, "both shots with a face were judged: " + a);
        try (var staging = Files.list(dir.resolve("spark"))) {
            assertTrue(staging.noneMatch(p -> p.getFileName().toString().equals(CutStaging.FOLDER)
                    && p.toFile().list().length > 0), "staged cuts are removed once judged");
        }
    }

    /** A row with its scores taken out, which two processes may compute a last bit apart. */
    private static ManifestRow withoutScores(ManifestRow r) {
        return new ManifestRow(r.source(), r.sourceId(), r.cut(), r.verdict(), ManifestRow.Scores.NONE, r.notes());
    }

    private static List<ManifestRow> sorted(List<ManifestRow> rows) {
        List<ManifestRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(ManifestRow::source).thenComparingInt((ManifestRow r) -> r.cut().shot())
                .thenComparingInt(r -> r.cut().number()));
        return out;
    }

    /** A local or Spark run at 256 px from {@code raw} into {@code out}, with the nets in {@code checkpoints}. */
    private static DataPrepare.Options options(Path raw, Path out, int workers, Path checkpoints, Filters filters) {
        NetFiles nets = NetFiles.in(checkpoints).with(NetFile.FACE_DETECTOR, TestModels.blazeFace());
        return new DataPrepare.Options(raw, out, workers, false, nets, Device.cpu(), new DataPrepare.Rules(256, filters,
                false));
    }
}
