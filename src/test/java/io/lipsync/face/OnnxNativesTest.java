package io.lipsync.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only ONNX Runtime's own empty, old folders are swept. */
class OnnxNativesTest {
    @Test
    void sweepsOnlyOldEmptyOnnxRuntimeFolders(@TempDir Path tmp) throws Exception {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(3)));
        Path stale = Files.createDirectory(tmp.resolve("onnxruntime-java123"));
        Path full = Files.createDirectory(tmp.resolve("onnxruntime-java456"));
        Files.writeString(full.resolve("libonnxruntime.so"), "in use");
        Path fresh = Files.createDirectory(tmp.resolve("onnxruntime-java789"));
        Path other = Files.createDirectory(tmp.resolve("someone-else"));
        for (Path p : new Path[] {stale, full, other}) {
            Files.setLastModifiedTime(p, old);
        }
        assertEquals(1, OnnxNatives.sweep(tmp, Instant.now().minus(Duration.ofHours(1))));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(full) && Files.exists(fresh) && Files.exists(other));
    }
}
