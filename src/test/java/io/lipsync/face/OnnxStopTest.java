package io.lipsync.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.CliProcess;
import io.lipsync.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM runs every shutdown hook at once when an exit starts, and ONNX Runtime's own hook releases its
 * environment. A Ctrl-C that started the exit while a render was still inside ONNX Runtime now and then
 * crashed the process (SIGSEGV in libonnxruntime, on one CPU). Here the work stays inside ONNX Runtime for
 * 1.5 s after the Ctrl-C, so the verdict does not hang on timing: no hook may run before the work returned.
 */
class OnnxStopTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCWhileTheWorkIsInsideOnnxRuntimeRunsNoHookBeforeTheWorkReturned() throws Exception {
        Path log = dir.resolve("probe.log");
        Path tmp = dir.resolve("tmp");
        Process p = CliProcess.startMain(tmp, log, OnnxStopProbe.class.getName(), TestModels.blazeFace().toString());
        CliProcess.await("the probe running", () -> CliProcess.contains(log, "running"), p, log);
        CliProcess.interrupt(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the probe ended");
        String said = Files.readString(log);
        CliProcess.assertNoCrash(log, tmp);
        assertEquals(130, p.exitValue(), said);
        Matcher runs = Pattern.compile("runs after the stop: (\\d+)").matcher(said);
        assertTrue(runs.find() && Integer.parseInt(runs.group(1)) > 0, "the work ran inside ONNX Runtime after the stop: " + said);
        int returned = said.indexOf("work returned");
        assertTrue(said.indexOf("stopping ...") < returned && returned < said.indexOf("a library's hook ran"),
                "the hooks ran after the work returned: " + said);
    }
}
