package io.lipsync.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldersTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void withoutXdgVariablesTheSpecsDefaults() {
        assertEquals(Path.of("/home/ada/.config/obs-lipsync"), Folders.config(Map.of(), HOME));
        assertEquals(Path.of("/home/ada/.local/state/obs-lipsync"), Folders.state(Map.of(), HOME));
        assertEquals(Path.of("/home/ada/.cache/obs-lipsync"), Folders.cache(Map.of(), HOME));
    }

    @Test
    void absoluteXdgVariablesWinRelativeOnesAreIgnored() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", "/etc/ada", "XDG_STATE_HOME", "state",
                "XDG_CACHE_HOME", "/fast/cache");
        assertEquals(Path.of("/etc/ada/obs-lipsync"), Folders.config(env, HOME));
        assertEquals(Path.of("/home/ada/.local/state/obs-lipsync"), Folders.state(env, HOME));
        assertEquals(Path.of("/fast/cache/obs-lipsync"), Folders.cache(env, HOME));
    }
}
