package io.lipsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.media.VideoDecoder;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A temporary folder without room ends a render in one line naming it and the room needed, and leaves nothing. */
class FrameStoreTest {
    @TempDir
    Path dir;

    @Test
    void aFolderTooSmallForTheClipIsRefusedBeforeTheFirstFrame() throws Exception {
        Path clip = SharedFixtures.media().resolve("face-clip.mp4");
        int[] written = {0};
        UserError e;
        try (FrameStore store = new FrameStore(dir, () -> FrameStore.RESERVE + (1L << 20))) {
            e = assertThrows(UserError.class, () -> VideoDecoder.decode(clip, store::expect, rgb -> {
                written[0]++;
                store.append(rgb);
            }));
        }
        assertEquals(0, written[0], "refused before decoding");
        assertTrue(e.getMessage().startsWith("the temporary folder " + dir + " has 65 MB free, but this clip's "
                + "decoded frames need about "), e.getMessage());
        assertTrue(e.userMessage().contains("java.io.tmpdir"), e.userMessage());
        assertEmpty();
    }

    @Test
    void aDiskThatFillsDuringDecodingStopsAtTheReserveAndLeavesNothing() throws Exception {
        Path clip = SharedFixtures.media().resolve("face-clip.mp4");
        AtomicLong free = new AtomicLong(1L << 40);
        int[] written = {0};
        UserError e;
        try (FrameStore store = new FrameStore(dir, free::get)) {
            e = assertThrows(UserError.class, () -> VideoDecoder.decode(clip, store::expect, rgb -> {
                if (++written[0] == 10) {
                    free.set(FrameStore.RESERVE + 1000); // another program filled the disk
                }
                store.append(rgb);
            }));
            assertEquals(9, store.count(), "frames up to the fill were kept, none past the reserve");
        }
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("MB free"), e.getMessage());
        assertEmpty();
    }

    private void assertEmpty() throws Exception {
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the frame file is removed");
        }
    }
}
