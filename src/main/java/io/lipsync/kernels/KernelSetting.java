package io.lipsync.kernels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The ways libtorch can be run, fastest first. An ISA cap must be in oneDNN's environment before it starts
 * (so it takes a fresh process), and the scripted kernels are chosen when the process starts; the thread
 * count can be set in the running one.
 */
public enum KernelSetting {
    /** oneDNN as it chooses, and the scripted kernels: the fastest, and right on most CPUs. */
    DEFAULT("default", Map.of(), false, "full speed"),
    /** Without the scripted kernels (attention through its score matrix, MKL's matmul); convolutions as oneDNN chooses. */
    PLAIN_OPS("plain-ops", Map.of(ScriptedOps.VARIABLE, ScriptedOps.OFF), false, "about 11 % slower per U-Net step"),
    // The settings below also leave the scripted kernels out, so that each runs only kernels whose results
    // were checked under that setting's own caps.
    /** oneDNN capped at AVX2: its AVX-512 kernels stay unused. */
    AVX2("avx2", capped("AVX2"), false, "slightly slower on AVX-512 CPUs"),
    /** oneDNN capped at SSE4.1: none of its newer JIT kernels run. Measured exact where the others were wrong. */
    SSE41("sse41", capped("SSE41"), false, "about 1.8x slower per U-Net step"),
    /** One thread: oneDNN's faults measured so far need two or more threads splitting a convolution. */
    ONE_THREAD("one-thread", Map.of(ScriptedOps.VARIABLE, ScriptedOps.OFF), true,
            "slower by about the number of cores"),
    /** Both: the last resort. */
    SSE41_ONE_THREAD("sse41-one-thread", capped("SSE41"), true, "slowest");

    /** The environment variable that forces a setting (or {@code auto}, the default). */
    public static final String VARIABLE = "LIPSYNC_KERNELS";

    private final String label;
    private final Map<String, String> environment;
    private final boolean oneThread;
    private final String cost;

    KernelSetting(String label, Map<String, String> environment, boolean oneThread, String cost) {
        this.label = label;
        this.environment = environment;
        this.oneThread = oneThread;
        this.cost = cost;
    }

    public String label() {
        return label;
    }

    /** Variables that must be in the process's environment before libtorch starts. */
    public Map<String, String> environment() {
        return environment;
    }

    public boolean oneThread() {
        return oneThread;
    }

    public String cost() {
        return cost;
    }

    /** The threads libtorch runs with under this setting, out of those asked for. */
    public int threads(int asked) {
        return oneThread ? 1 : asked;
    }

    /** Whether this process's environment already carries the setting's variables (the default needs none). */
    public boolean inEnvironment(Map<String, String> env) {
        return environment.entrySet().stream().allMatch(e -> e.getValue().equalsIgnoreCase(env.get(e.getKey())));
    }

    /** The variables of {@code env} that some setting sets, sorted, as {@code NAME=value NAME=value}; "" when none. */
    public static String shown(Map<String, String> env) {
        return new java.util.TreeMap<>(env).entrySet().stream().filter(e -> variables().contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(" "));
    }

    /** Every variable some setting sets: a child process checking one setting starts without the others'. */
    public static java.util.Set<String> variables() {
        return Arrays.stream(values()).flatMap(s -> s.environment.keySet().stream())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Map<String, String> capped(String isa) {
        return Map.of("ONEDNN_MAX_CPU_ISA", isa, ScriptedOps.VARIABLE, ScriptedOps.OFF);
    }

    public static KernelSetting parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.label.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(VARIABLE + " must be auto or one of "
                        + Arrays.stream(values()).map(KernelSetting::label).toList() + ", not '" + name + "'"));
    }
}
