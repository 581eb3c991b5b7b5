package io.lipsync.obs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plugin uninstall removes what install put in place, and says so; a second run says there was nothing. */
class PluginUninstallTest {
    @Test
    void removesTheScriptInstallPutThereAndSaysWhere(@TempDir Path obsConfig) throws Exception {
        Path script = obsConfig.resolve("scripts").resolve("obs-lipsync.lua");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "-- installed");
        Path other = Files.writeString(script.resolveSibling("mine.lua"), "-- the user's own");
        PluginInstaller.Report first = new PluginInstaller(obsConfig).uninstall();
        assertFalse(Files.exists(script));
        assertTrue(Files.exists(other), "only what install writes is removed");
        assertTrue(first.done().contains("script: removed " + script), first.done().toString());
        assertTrue(first.manualSteps().get(0).contains("Tools > Scripts"), first.manualSteps().toString());
        PluginInstaller.Report second = new PluginInstaller(obsConfig).uninstall();
        List<String> again = second.done();
        assertTrue(again.contains("script: was not installed at " + script), again.toString());
        assertEquals(first.done().size(), again.size(), "one line per file either way");
        assertEquals(List.of(), second.manualSteps(), "nothing to do in OBS when nothing was installed");
    }
}
