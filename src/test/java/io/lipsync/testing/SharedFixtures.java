package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared beside the project root; tests skip, saying why, when it is absent, except under CI
 * ({@code LIPSYNC_CI=1}), where a missing fixture folder fails them.
 */
public final class SharedFixtures {
    private static final Path SHARED = Path.of("..", "shared").toAbsolutePath().normalize();

    private SharedFixtures() {}

    public static Path parity() {
        return require("parity");
    }

    public static Path parityTrain() {
        return require("parity-train");
    }

    public static Path parityData() {
        return require("parity-data");
    }

    public static Path media() {
        return require("media");
    }

    /** A folder of raw videos for data prepare, {@code dir}/raw, holding the shared face clip. */
    public static Path rawVideos(Path dir) throws java.io.IOException {
        Path raw = Files.createDirectories(dir.resolve("raw"));
        Files.copy(media().resolve("face-clip.mp4"), raw.resolve("face-clip.mp4"));
        return raw;
    }

    private static Path require(String folder) {
        Path p = SHARED.resolve(folder);
        if ("1".equals(System.getenv("LIPSYNC_CI"))) {
            assertTrue(Files.isDirectory(p), p + " is absent: CI needs the shared fixtures beside the checkout");
        }
        assumeTrue(Files.isDirectory(p), "skipped: " + p + " is absent (the shared fixtures live in ../shared "
                + "beside the project root)");
        return p;
    }
}
