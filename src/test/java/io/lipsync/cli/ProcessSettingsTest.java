package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the environment turns into before any library reads its settings. */
class ProcessSettingsTest {
    @Test
    void offlineUnlessADownloadIsAskedForAndTheJvmsOwnSettingWins() {
        assertEquals("true", ProcessSettings.from(Map.of(), Map.of()).get("ai.djl.offline"));
        assertEquals("false", ProcessSettings.from(Map.of("LIPSYNC_DJL_DOWNLOAD", "1"), Map.of()).get("ai.djl.offline"));
        assertFalse(ProcessSettings.from(Map.of("LIPSYNC_DJL_DOWNLOAD", "1"), Map.of("ai.djl.offline", "true"))
                .containsKey("ai.djl.offline"), "-Dai.djl.offline given to the JVM is kept");
    }

    @Test
    void lipsyncLogLetsDjlSayWhatItLoads() {
        assertEquals(Map.of("ai.djl.offline", "true"), ProcessSettings.from(Map.of(), Map.of()), "warnings only by default");
        Map<String, String> debug = ProcessSettings.from(Map.of("LIPSYNC_LOG", "DEBUG"), Map.of());
        assertEquals("debug", debug.get("org.slf4j.simpleLogger.log.ai.djl"));
        assertEquals("debug", debug.get("org.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils"));
        assertEquals("debug", debug.get("org.slf4j.simpleLogger.defaultLogLevel"));
        assertEquals(Map.of("ai.djl.offline", "true"), ProcessSettings.from(Map.of("LIPSYNC_LOG", "loud"), Map.of()));
    }
}
