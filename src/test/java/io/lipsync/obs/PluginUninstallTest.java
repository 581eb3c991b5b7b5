package io.lipsync.obs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plugin uninstall removes what install put in place, and says so; a second run says there was nothing. The
 * installed script names the launcher it starts the daemon with.
 */
class PluginUninstallTest {
    @Test
    void removesTheScriptInstallPutThereAndSaysWhere(@TempDir Path obsConfig) throws Exception {
        Path script = obsConfig.resolve("scripts").resolve("obs-lipsync.lua");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "-- installed");
        Path other = Files.writeString(script.resolveSibling("mine.lua"), "-- the user's own");
        PluginInstaller.Report first = new PluginInstaller(obsConfig, null).uninstall();
        assertFalse(Files.exists(script));
        assertTrue(Files.exists(other), "only what install writes is removed");
        assertTrue(first.done().contains("script: removed " + script), first.done().toString());
        assertTrue(first.manualSteps().get(0).contains("Tools > Scripts"), first.manualSteps().toString());
        PluginInstaller.Report second = new PluginInstaller(obsConfig, null).uninstall();
        List<String> again = second.done();
        assertTrue(again.contains("script: was not installed at " + script), again.toString());
        assertEquals(first.done().size(), again.size(), "one line per file either way");
        assertEquals(List.of(), second.manualSteps(), "nothing to do in OBS when nothing was installed");
    }

    @Test
    void theInstalledScriptNamesTheLauncherAsALuaString(@TempDir Path obsConfig) throws Exception {
        Path odd = obsConfig.resolve("it's \"here\"").resolve("lipsync");
        String script = Files.readString(Path.of("plugin/obs-lipsync.lua"));
        assertTrue(script.contains(PluginInstaller.LAUNCHER_LINE), "the script still has the line install fills in");
        String filled = new PluginInstaller(obsConfig, odd).withLauncher(script);
        assertTrue(filled.contains("local LAUNCHER = \"" + odd.toString().replace("\"", "\\\"") + "\""), filled);
        assertFalse(filled.contains(PluginInstaller.LAUNCHER_LINE));
        assertEquals(script, new PluginInstaller(obsConfig, null).withLauncher(script), "no launcher: left for the user");
    }
}
