package io.lipsync.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time per render stage, in the order the stages first ran; a stage timed twice adds up. */
final class Stopwatch {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Ends the stage that ran since the last lap (or since the watch started), under {@code stage}. */
    void lap(String stage) {
        long now = System.nanoTime();
        add(stage, (now - last) / 1e9);
        last = now;
    }

    void add(String stage, double s) {
        seconds.merge(stage, s, Double::sum);
    }

    Map<String, Double> seconds() {
        return seconds;
    }
}
