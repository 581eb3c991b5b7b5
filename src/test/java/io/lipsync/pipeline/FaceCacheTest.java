package io.lipsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Affine;
import io.lipsync.testing.OtherWriters;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceCacheTest {
    private static final int R = 16;

    @TempDir
    Path dir;

    private static FaceRecord face(float v) {
        int latent = 4 * (R / 8) * (R / 8);
        float[] a = new float[latent];
        java.util.Arrays.fill(a, v);
        return new FaceRecord(new Affine(1, 0, v, 0, 1, 2), new byte[R * R * 3], a, a, a, a);
    }

    private void put(FaceCache cache, String key, int frames) {
        try (FaceCache.Builder b = cache.build(key, R)) {
            for (int i = 0; i < frames; i++) {
                b.append(i % 2 == 0 ? face(i) : FaceRecord.NO_FACE);
            }
            b.commit().close();
        }
    }

    @Test
    void entriesRoundTripAndSurviveARestart() {
        put(new FaceCache(dir, 1L << 30), "clip", 4);
        try (FaceCache.Entry e = new FaceCache(dir, 1L << 30).open("clip", R).orElseThrow()) {
            assertEquals(4, e.frames());
            assertEquals(2, e.faces());
            assertEquals(2.0, e.get(2).affine().c());
            assertArrayEquals(face(2).refStd(), e.get(2).refStd());
            assertFalse(e.get(1).hasFace());
        }
    }

    @Test
    void aDamagedEntryIsNeverReadBack() throws Exception {
        FaceCache cache = new FaceCache(dir, 1L << 30);
        put(cache, "clip", 4);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("clip/faces.bin").toFile(), "rw")) {
            f.seek(20);
            f.write(0x7f);
        }
        assertTrue(cache.open("clip", R).isEmpty());
        assertFalse(Files.exists(dir.resolve("clip")), "the damaged entry is removed");
    }

    @Test
    void anEditedMetaFileIsDamageToo() throws Exception {
        FaceCache cache = new FaceCache(dir, 1L << 30);
        put(cache, "clip", 4);
        Path meta = dir.resolve("clip/meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"faces\":2", "\"faces\":0"));
        assertTrue(cache.open("clip", R).isEmpty(), "a face count that disagrees with the records is caught");
        assertFalse(Files.exists(dir.resolve("clip")), "and the entry is rebuilt on the next render");
    }

    @Test
    void foldersOfKilledRendersAreSweptAndLiveOnesCounted() throws Exception {
        try (OtherWriters others = new OtherWriters()) {
            Path killed = Files.createDirectories(dir.resolve(".building" + others.ended() + "1"));
            Files.write(killed.resolve("faces.bin"), new byte[100]);
            Path live = Files.createDirectories(dir.resolve(".building" + others.running() + "2"));
            long entryBytes = 10L * FaceRecord.bytes(R);
            Files.write(live.resolve("faces.bin"), new byte[(int) entryBytes]);
            FaceCache cache = new FaceCache(dir, 2 * entryBytes + 2048);
            put(cache, "a", 10);
            assertFalse(Files.exists(killed), "the building folder of a render that was killed is removed");
            assertTrue(Files.exists(live), "another render's entry in progress is left alone");
            Files.setLastModifiedTime(dir.resolve("a/meta.json"), FileTime.fromMillis(1_000));
            put(cache, "b", 10);
            assertFalse(Files.exists(dir.resolve("a")), "the entry in progress counts towards the limit");
            assertTrue(Files.exists(dir.resolve("b")));
        }
    }

    @Test
    void anUnwritableCacheIsOneUserError() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        io.lipsync.util.UserError e = org.junit.jupiter.api.Assertions.assertThrows(io.lipsync.util.UserError.class,
                () -> new FaceCache(notAFolder, 1L << 30).build("clip", R));
        assertTrue(e.userMessage().contains("--cache"), e.userMessage());
    }

    @Test
    void anUnfinishedEntryIsInvisible() {
        FaceCache cache = new FaceCache(dir, 1L << 30);
        FaceCache.Builder b = cache.build("clip", R);
        b.append(face(1));
        assertTrue(cache.open("clip", R).isEmpty(), "a crash before commit leaves no readable entry");
        b.close();
    }

    @Test
    void leastRecentlyUsedEntriesAreEvictedBeyondTheLimit() throws Exception {
        long entryBytes = 10L * FaceRecord.bytes(R);
        FaceCache cache = new FaceCache(dir, 2 * entryBytes + 2048);
        put(cache, "a", 10);
        Files.setLastModifiedTime(dir.resolve("a/meta.json"), FileTime.fromMillis(1_000));
        put(cache, "b", 10);
        Files.setLastModifiedTime(dir.resolve("b/meta.json"), FileTime.fromMillis(2_000));
        cache.open("a", R).orElseThrow().close();
        put(cache, "c", 10);
        assertTrue(cache.open("a", R).isPresent(), "recently used");
        assertTrue(cache.open("c", R).isPresent(), "just written");
        assertTrue(cache.open("b", R).isEmpty(), "least recently used goes first");
    }
}
