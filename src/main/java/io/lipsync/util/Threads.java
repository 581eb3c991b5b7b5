package io.lipsync.util;

import ai.djl.pytorch.jni.JniUtils;

/**
 * How many CPU threads the networks use: one knob for libtorch and ONNX Runtime together, so that neither
 * sizes its pool to every core behind the other's back. Set with --threads, or LIPSYNC_THREADS for every
 * command; the default is the machine's cores. Two renders at once on one machine should split the cores
 * (e.g. --threads 1 each on 2 cores).
 */
public final class Threads {
    public static final String VARIABLE = "LIPSYNC_THREADS";
    private static volatile int count = fromEnvironment();
    private static volatile int cap = Integer.MAX_VALUE;

    private Threads() {}

    public static int count() {
        return count;
    }

    /**
     * Sets the knob; call it before the first tensor is made (libtorch reads its thread count when its
     * engine starts; a later call also sets it directly).
     */
    public static void configure(int threads) {
        if (threads < 1) {
            throw new UserError("--threads must be 1 or more, not " + threads);
        }
        count = Math.min(threads, cap);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(count));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /**
     * Holds libtorch to at most {@code max} threads from now on, whatever is asked later: the kernel check's
     * verdict where oneDNN is wrong with more. libtorch may already run, so it is told directly too.
     */
    public static void cap(int max) {
        cap = max;
        count = Math.min(count, max);
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(count));
        JniUtils.setNumThreads(count);
    }

    private static int fromEnvironment() {
        String value = System.getenv(VARIABLE);
        int cores = Runtime.getRuntime().availableProcessors();
        if (value == null || value.isBlank()) {
            return cores;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            System.err.println("warning: " + VARIABLE + " must be a whole number of threads, not '" + value
                    + "'; using all " + cores + " cores");
            return cores;
        }
    }
}
