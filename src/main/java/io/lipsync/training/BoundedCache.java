package io.lipsync.training;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Values computed on first use and kept while they fit in {@code budget} bytes, the least recently used
 * dropped first (the newest value always stays, however large). The datasets keep decoded clips and
 * their audio features in one, so that a clip drawn again is not decoded or read again.
 */
final class BoundedCache<K, V> {
    private final Map<K, V> values = new LinkedHashMap<>(16, 0.75f, true);
    private final ToLongFunction<V> bytes;
    private final long budget;
    private long held;

    BoundedCache(long budget, ToLongFunction<V> bytes) {
        this.budget = budget;
        this.bytes = bytes;
    }

    synchronized V get(K key, Function<K, V> compute) {
        V value = values.get(key);
        if (value == null) {
            value = compute.apply(key);
            values.put(key, value);
            held += bytes.applyAsLong(value);
            Iterator<V> eldest = values.values().iterator();
            while (held > budget && values.size() > 1) {
                held -= bytes.applyAsLong(eldest.next());
                eldest.remove();
            }
        }
        return value;
    }

    synchronized int size() {
        return values.size();
    }
}
