package io.lipsync.model.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time per named module while timing is on (bench's --profile): a network names its parts as it runs
 * them, nested into paths such as {@code U-Net/down_blocks.0/attentions}. libtorch runs CPU ops before it
 * returns, so a part's wall time is its compute; on a GPU it would be the time to queue it. Off, timing costs
 * one flag read per part.
 */
public final class ModuleTimes {
    /** A module's path, its summed wall time and how many times it ran. */
    public record Row(String path, double millis, long calls) {
        /** How many names deep: 1 for a network, 2 for its top-level blocks, ... */
        public int depth() {
            return path.split("/").length;
        }

        /** The innermost name (the kind of module, for a block's parts). */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static volatile boolean on;
    /** In the order first run; one timing at a time, so plain maps under this class's lock. */
    private static final Map<String, long[]> TIMES = new LinkedHashMap<>();
    private static final ThreadLocal<Deque<String>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private ModuleTimes() {}

    /** Times the modules {@code work} runs; rows in the order each path first ran. */
    public static List<Row> of(Runnable work) {
        synchronized (ModuleTimes.class) {
            TIMES.clear();
        }
        on = true;
        try {
            work.run();
        } finally {
            on = false;
        }
        synchronized (ModuleTimes.class) {
            List<Row> rows = new ArrayList<>();
            TIMES.forEach((path, t) -> rows.add(new Row(path, t[0] / 1e6, t[1])));
            return rows;
        }
    }

    /** Runs {@code part} as the module {@code name}, inside whichever module this thread is running. */
    public static <T> T time(String name, Supplier<T> part) {
        if (!on) {
            return part.get();
        }
        Deque<String> open = OPEN.get();
        String path = open.isEmpty() ? name : open.peek() + "/" + name;
        open.push(path);
        long[] t;
        synchronized (ModuleTimes.class) {
            t = TIMES.computeIfAbsent(path, p -> new long[2]);
        }
        long start = System.nanoTime();
        try {
            return part.get();
        } finally {
            long nanos = System.nanoTime() - start;
            open.pop();
            synchronized (ModuleTimes.class) {
                t[0] += nanos;
                t[1]++;
            }
        }
    }
}
