package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.util.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train unet --config takes a file, or the name of a config shipped inside (as a fresh clone has no configs/). */
class ConfigByNameTest {
    @Test
    void aShippedNameStandsInForAMissingFile(@TempDir Path dir) throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.yaml"), "model: {}\n");
        assertEquals(mine, UNetTrainConfig.fileOrBuiltin(mine), "a file is used as it is");
        for (String name : new String[] {"configs/unet/stage1.yaml", "stage2_efficient"}) {
            Path copy = UNetTrainConfig.fileOrBuiltin(Path.of(name));
            assertTrue(Files.readString(copy).contains("model:"), name);
            UNetTrainConfig.load(copy);
        }
        UserError e = assertThrows(UserError.class, () -> UNetTrainConfig.fileOrBuiltin(Path.of("stage9.yaml")));
        assertTrue(e.userMessage().contains("stage2_efficient"), e.userMessage());
    }
}
