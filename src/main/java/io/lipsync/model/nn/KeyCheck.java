package io.lipsync.model.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How a checkpoint's keys and shapes differ from what an architecture expects. */
public record KeyCheck(List<String> missing, List<String> unexpected, List<String> shapeMismatches) {

    private static final int LISTED = 12;

    public static KeyCheck compare(Map<String, long[]> expected, Map<String, long[]> actual) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        expected.forEach((k, shape) -> {
            long[] got = actual.get(k);
            if (got == null) {
                missing.add(k);
            } else if (!Arrays.equals(got, shape)) {
                mismatched.add(k + " (file " + Arrays.toString(got) + ", model " + Arrays.toString(shape) + ")");
            }
        });
        // Sorted, since a plain pickled dict gives no stable order.
        List<String> unexpected = actual.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().toList();
        return new KeyCheck(missing, unexpected, mismatched);
    }

    public boolean clean() {
        return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
    }

    /** One report naming every problem (the first dozen of each kind, then a count). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        list(sb, "missing keys", missing);
        list(sb, "unexpected keys", unexpected);
        list(sb, "shape mismatches", shapeMismatches);
        return sb.toString().trim();
    }

    private static void list(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append(items.size()).append(' ').append(title).append(":\n");
        items.stream().limit(LISTED).forEach(i -> sb.append("  ").append(i).append('\n'));
        if (items.size() > LISTED) {
            sb.append("  ... and ").append(items.size() - LISTED).append(" more\n");
        }
    }
}
