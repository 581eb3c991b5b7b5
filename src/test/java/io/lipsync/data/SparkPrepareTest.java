package io.lipsync.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
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
        Path raw = dir.resolve("raw");
        Files.createDirectories(raw);
        Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), raw.resolve("face-clip.mp4"));
        Files.writeString(raw.resolve("readme.txt"), "not a video");
        Path detector = TestModels.blazeFace();
        DataPrepare.Summary local = DataPrepare.run(new DataPrepare.Options(raw, dir.resolve("local"), 2, false, detector,
                dir.resolve("no-checkpoints"), 256, Filters.upstream(), false), QUIET);
        DataPrepare.Summary spark = SparkPrepare.run(new DataPrepare.Options(raw, dir.resolve("spark"), 2, false, detector,
                dir.resolve("no-checkpoints"), 256, Filters.upstream(), false), "local[2]", QUIET);
        assertEquals(sorted(new Manifest(local.manifest()).read()), sorted(new Manifest(spark.manifest()).read()));
        assertEquals(local.kept(), spark.kept());
        assertTrue(local.kept() >= 2, "the face clip's shots with faces are kept");
        try (var files = Files.list(dir.resolve("spark/manifest.parquet"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet")), "the manifest as Parquet");
        }
    }

    private static List<ManifestRow> sorted(List<ManifestRow> rows) {
        List<ManifestRow> out = new ArrayList<>(rows);
        out.sort(Comparator.comparing(ManifestRow::source).thenComparingInt(ManifestRow::shot)
                .thenComparingInt(ManifestRow::segment));
        return out;
    }
}
