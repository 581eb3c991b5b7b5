package io.lipsync.kernels;

import java.util.List;

/**
 * What the self-check found for one CPU signature, libtorch version and thread count: the setting to run
 * and, when it is not the default, what was wrong with the faster ones.
 */
public record KernelVerdict(String cpu, String cpuHash, String libtorch, int threads, String setting,
        List<String> failures, String checkedAt, long checkMillis) {

    public KernelSetting kernelSetting() {
        return KernelSetting.parse(setting);
    }

    /** The key a verdict is remembered under. */
    static String key(String cpuHash, String libtorch, int threads) {
        return cpuHash + "/" + libtorch + "/" + threads + "threads/checks" + KernelProbe.REVISION;
    }

    String key() {
        return key(cpuHash, libtorch, threads);
    }
}
