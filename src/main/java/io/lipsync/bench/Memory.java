package io.lipsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from /proc (Linux). */
public final class Memory {
    private Memory() {}

    /** Peak resident set size in MiB (VmHWM), or -1 where /proc is not available. */
    public static long peakRssMiB() {
        return field("VmHWM:");
    }

    /** Starts a new peak from the current resident size (Linux: writing 5 to clear_refs resets VmHWM). */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // the peak then covers the whole process
        }
    }

    public static long rssMiB() {
        return field("VmRSS:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
