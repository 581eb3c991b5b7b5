package io.lipsync.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel self-check's decisions, on scripted probes and, with an injected fault, end to end. */
class KernelGuardTest {
    private static final CpuSignature CPU = new CpuSignature("Test CPU (family 1, model 2)", "0123456789abcdef");

    @TempDir
    Path dir;

    /** A probe that fails under the given settings, counting its calls. */
    private static final class ScriptedProbes {
        final Set<KernelSetting> wrong;
        final List<KernelSetting> asked = new ArrayList<>();

        ScriptedProbes(Set<KernelSetting> wrong) {
            this.wrong = wrong;
        }

        KernelGuard guard(Path store, Map<String, String> env) {
            return new KernelGuard(new VerdictStore(store), env, CPU, "2.7.1", () -> probe(KernelSetting.DEFAULT),
                    (s, threads) -> probe(s));
        }

        List<String> probe(KernelSetting s) {
            asked.add(s);
            return wrong.contains(s) ? List.of("conv 1x1 off by 5.1") : List.of();
        }
    }

    @Test
    void theFastestSettingThatPassesIsChosenAndRemembered() {
        ScriptedProbes probes = new ScriptedProbes(Set.of(KernelSetting.DEFAULT, KernelSetting.PLAIN_OPS,
                KernelSetting.AVX2));
        Path store = dir.resolve("kernels.json");
        KernelGuard.Decision first = probes.guard(store, Map.of()).decide(2);
        assertEquals(KernelSetting.SSE41, first.setting());
        assertEquals(List.of(KernelSetting.DEFAULT, KernelSetting.PLAIN_OPS, KernelSetting.AVX2,
                KernelSetting.SSE41), probes.asked);
        assertTrue(first.line().contains("conv 1x1 off by 5.1") && first.line().contains("ONEDNN_MAX_CPU_ISA=SSE41")
                && first.line().contains("found just now"), first.line());
        assertTrue(first.needsFreshProcess(Map.of()));
        assertFalse(first.needsFreshProcess(Map.of("ONEDNN_MAX_CPU_ISA", "SSE41", "LIPSYNC_SCRIPTED_OPS", "off")));

        KernelGuard.Decision again = probes.guard(store, Map.of()).decide(2);
        assertEquals(KernelSetting.SSE41, again.setting());
        assertEquals(4, probes.asked.size(), "a remembered verdict costs no check");
        assertTrue(again.line().contains("remembered in " + store), again.line());

        probes.guard(store, Map.of()).decide(1);
        assertEquals(4 + 4, probes.asked.size(), "another thread count is another verdict");
    }

    @Test
    void atOneThreadTheOneThreadSettingsAreNotCandidates() {
        ScriptedProbes probes = new ScriptedProbes(Set.of(KernelSetting.values()));
        KernelGuard.Decision d = probes.guard(dir.resolve("k.json"), Map.of()).decide(1);
        assertEquals(List.of(KernelSetting.DEFAULT, KernelSetting.PLAIN_OPS, KernelSetting.AVX2,
                KernelSetting.SSE41), probes.asked);
        assertEquals(KernelSetting.DEFAULT, d.setting());
        assertTrue(d.line().contains("no slower setting fixed it"), d.line());
    }

    @Test
    void aRightCpuRunsTheDefaultSilently() {
        ScriptedProbes probes = new ScriptedProbes(Set.of());
        KernelGuard.Decision d = probes.guard(dir.resolve("k.json"), Map.of()).decide(2);
        assertEquals(KernelSetting.DEFAULT, d.setting());
        assertNull(d.line());
        assertFalse(d.needsFreshProcess(Map.of()));
    }

    @Test
    void aForcedSettingIsNotChecked() {
        ScriptedProbes probes = new ScriptedProbes(Set.of(KernelSetting.DEFAULT));
        KernelGuard.Decision d = probes.guard(dir.resolve("k.json"), Map.of(KernelSetting.VARIABLE, "one-thread")).decide(2);
        assertEquals(KernelSetting.ONE_THREAD, d.setting());
        assertEquals(List.of(), probes.asked);
    }

    @Test
    void theSignatureFollowsTheCpuAndItsCaches() {
        String info = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\n"
                + "stepping\t: 1\nflags\t\t: fpu avx512f avx2\n\nprocessor\t: 1\nvendor_id\t: Other\n";
        CpuSignature a = CpuSignature.of(info, "1Data=48K 2Unified=1024K", "amd64");
        assertEquals("AMD EPYC (family 26, model 2)", a.description());
        assertEquals(a, CpuSignature.of(info, "1Data=48K 2Unified=1024K", "amd64"));
        assertFalse(a.hash().equals(CpuSignature.of(info, "1Data=48K 2Unified=2048K", "amd64").hash()));
        assertFalse(a.hash().equals(CpuSignature.of(info.replace("avx512f ", ""), "1Data=48K 2Unified=1024K", "amd64").hash()));
    }

    /**
     * The whole mechanism on any CPU: a test-only fault makes the checked 1x1 convolution wrong unless
     * oneDNN is capped at SSE4.1. The command must say so in one line, run under the cap, and remember it.
     */
    @Test
    void anInjectedFaultIsCaughtTheFallbackRunsAndTheVerdictIsKept() throws Exception {
        Map<String, String> env = injected("1");
        List<String> first = doctor(env);
        String said = kernelsLine(first);
        assertTrue(said.contains("conv 1x1") && said.contains(
                "running sse41 with LIPSYNC_SCRIPTED_OPS=off ONEDNN_MAX_CPU_ISA=SSE41"), String.join("\n", first));
        assertTrue(first.stream().anyMatch(l -> l.startsWith(
                "ok    kernels    sse41 (LIPSYNC_SCRIPTED_OPS=off ONEDNN_MAX_CPU_ISA=SSE41)")),
                "the command ran again under the cap:\n" + String.join("\n", first));
        Path file = dir.resolve("obs-lipsync").resolve(KernelStartup.FILE);
        String verdict = Files.readString(file);
        assertTrue(verdict.contains("\"setting\": \"sse41\""), verdict);

        List<String> second = doctor(env);
        assertTrue(second.stream().anyMatch(l -> l.startsWith("kernels: ") && l.contains("remembered in")),
                String.join("\n", second));
        assertEquals(verdict, Files.readString(file), "the remembered verdict was used, not a new check");
    }

    /** A wrong scripted kernel (and right convolutions): the plain ops run, nothing else changes. */
    @Test
    void aWrongScriptedKernelFallsBackToThePlainOps() throws Exception {
        List<String> lines = doctor(injected("scripted"));
        String said = kernelsLine(lines);
        assertTrue(said.contains("fused attention") && said.contains(
                "running plain-ops with LIPSYNC_SCRIPTED_OPS=off,"), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ok    kernels    plain-ops (LIPSYNC_SCRIPTED_OPS=off)")),
                String.join("\n", lines));
        assertTrue(Files.readString(dir.resolve("obs-lipsync").resolve(KernelStartup.FILE))
                .contains("\"setting\": \"plain-ops\""));
    }

    /** A doctor run's environment with the test-only fault {@code fault}, its verdicts kept in the test's folder. */
    private Map<String, String> injected(String fault) {
        return Map.of("XDG_CACHE_HOME", dir.toString(), KernelProbe.FAULT_VARIABLE, fault, "LIPSYNC_THREADS", "2");
    }

    private static String kernelsLine(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("kernels: ")).findFirst().orElse("");
    }

    private List<String> doctor(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(io.lipsync.util.Relaunch.javaExecutable(), "-Xmx2g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "io.lipsync.cli.Main", "doctor",
                "--checkpoints", dir.resolve("none").toString(), "--obs-config", dir.toString(), "--obs",
                "ws://127.0.0.1:9")).redirectErrorStream(true);
        builder.environment().remove(KernelSetting.VARIABLE);
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return lines;
    }
}
