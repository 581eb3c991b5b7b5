package io.lipsync.kernels;

import io.lipsync.util.Relaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the self-check under a setting that needs a fresh process (an ISA cap is read once, when oneDNN
 * starts): this JVM's java and class path, the setting's variables added to the environment.
 */
final class ProbeProcess {
    private static final String OK = "kernels ok";
    private static final long TIMEOUT_SECONDS = 120;

    private ProbeProcess() {}

    /** The failures under {@code setting} at {@code threads} threads; a probe that cannot run counts as one failure. */
    static List<String> failures(KernelSetting setting, int threads, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(Relaunch.javaExecutable(), "-Xmx2g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), ProbeProcess.class.getName(),
                String.valueOf(setting.threads(threads))));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().keySet().removeAll(KernelSetting.variables());
        builder.environment().putAll(setting.environment());
        try {
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("the check under " + setting.label() + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            List<String> failures = new ArrayList<>();
            boolean ok = false;
            for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("fault: ")) {
                    failures.add(line.substring("fault: ".length()));
                } else if (line.equals(OK)) {
                    ok = true;
                }
            }
            if (!ok && failures.isEmpty()) {
                failures.add("the check under " + setting.label() + " failed to run (exit " + p.exitValue() + ")");
            }
            return failures;
        } catch (IOException e) {
            return List.of("cannot start the check under " + setting.label() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        }
    }

    /** The child: {@code ProbeProcess THREADS}; one "fault: ..." line per failure, then "kernels ok" if none. */
    public static void main(String[] args) {
        String threads = args.length > 0 ? args[0] : "1";
        System.setProperty("ai.djl.pytorch.num_threads", threads);
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        List<String> failures = new KernelProbe(System.getenv()).failures();
        failures.forEach(f -> System.out.println("fault: " + f));
        if (failures.isEmpty()) {
            System.out.println(OK);
        }
        System.exit(0);
    }
}
