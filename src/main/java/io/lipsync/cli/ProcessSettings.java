package io.lipsync.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * System properties a run starts with, from the environment, set before any library reads them:
 * {@code LIPSYNC_LOG=debug|info} lets DJL (and the rest) say more than warnings, e.g. which libtorch it loads
 * and why CUDA is not used; {@code LIPSYNC_DJL_DOWNLOAD=1} lets DJL download the libtorch build
 * {@code PYTORCH_FLAVOR} names (cu128) once, where otherwise it stays offline and uses the bundled CPU build.
 */
final class ProcessSettings {
    private ProcessSettings() {}

    /** The properties to set; {@code given}: the JVM's own -D values, which win. */
    static Map<String, String> from(Map<String, String> env, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ai.djl.offline", String.valueOf(!"1".equals(env.get("LIPSYNC_DJL_DOWNLOAD"))));
        String level = env.getOrDefault("LIPSYNC_LOG", "").toLowerCase(Locale.ROOT);
        if (level.equals("debug") || level.equals("info")) {
            out.put("org.slf4j.simpleLogger.defaultLogLevel", level);
            for (String logger : new String[] {"ai.djl", "ai.djl.util.cuda", "ai.djl.pytorch.jni.LibUtils"}) {
                out.put("org.slf4j.simpleLogger.log." + logger, level);
            }
        }
        out.keySet().removeAll(given.keySet());
        return out;
    }

    static void apply() {
        Map<String, String> given = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> given.put(String.valueOf(k), String.valueOf(v)));
        from(System.getenv(), given).forEach(System::setProperty);
    }
}
