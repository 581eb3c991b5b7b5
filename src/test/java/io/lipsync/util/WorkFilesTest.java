package io.lipsync.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.OtherWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWorkFileIsNamedForItsWriterAndLeftAloneWhileItRuns() throws Exception {
        Path mine = WorkFiles.createFile(dir, "out.mp4");
        String name = mine.getFileName().toString();
        assertTrue(name.startsWith(".out.mp4" + WorkFiles.stamp(ProcessHandle.current())) && name.endsWith(".part"), name);
        assertFalse(WorkFiles.writerGone(name));
        assertEquals(0, WorkFiles.sweepAbandoned(dir));
        assertTrue(Files.exists(mine));
        WorkFiles.delete(mine);
        WorkFiles.done(mine);
    }

    @Test
    void onlyTheFilesOfEndedWritersAreSwept() throws Exception {
        try (OtherWriters others = new OtherWriters()) {
            Path dead = Files.writeString(dir.resolve(".out.mp4" + others.ended() + "77.part"), "half");
            Path deadFolder = Files.createDirectories(dir.resolve(".building" + others.ended() + "5"));
            Files.writeString(deadFolder.resolve("faces.bin"), "half");
            Path live = Files.writeString(dir.resolve(".out.mp4" + others.running() + "78.part"), "being written");
            long pid = ProcessHandle.current().pid();
            Path reusedPid = Files.writeString(dir.resolve(".out.mp4.lipsync-" + pid + "-1000-9.part"), "old");
            Path foreign = Files.writeString(dir.resolve(".other-tool.part"), "not ours");
            Path plain = Files.writeString(dir.resolve("clip.mp4"), "a user's file");

            assertEquals(3, WorkFiles.sweepAbandoned(dir));
            assertFalse(Files.exists(dead), "an ended writer's file goes");
            assertFalse(Files.exists(deadFolder), "and its folder, with what is in it");
            assertFalse(Files.exists(reusedPid), "a pid now held by a process started later is not the writer");
            assertTrue(Files.exists(live), "a running writer's file stays");
            assertTrue(Files.exists(foreign) && Files.exists(plain), "names without a writer stamp are never touched");
        }
    }

    @Test
    void aMissingFolderSweepsNothing() {
        assertEquals(0, WorkFiles.sweepAbandoned(dir.resolve("absent")));
    }
}
