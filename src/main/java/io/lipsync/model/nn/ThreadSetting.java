package io.lipsync.model.nn;

import java.util.function.Supplier;

/** A per-thread setting that a body of work runs under, put back as it was when the body ends. */
final class ThreadSetting<T> {
    private final ThreadLocal<T> value;

    ThreadSetting(T initial) {
        value = ThreadLocal.withInitial(() -> initial);
    }

    T get() {
        return value.get();
    }

    /** Runs {@code body} with the setting at {@code during}. */
    <R> R with(T during, Supplier<R> body) {
        T before = value.get();
        value.set(during);
        try {
            return body.get();
        } finally {
            value.set(before);
        }
    }
}
