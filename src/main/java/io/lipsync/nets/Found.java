package io.lipsync.nets;

import java.util.function.Function;

/**
 * Something that may be missing, and then the reason: what a report says instead of a number it could not
 * measure.
 *
 * @param value null when missing
 * @param missing why, when {@code value} is null
 */
public record Found<T>(T value, String missing) {
    public static <T> Found<T> of(T value) {
        return new Found<>(value, null);
    }

    public static <T> Found<T> missing(String why) {
        return new Found<>(null, why);
    }

    public boolean present() {
        return value != null;
    }

    /** The value opened into another, or the same reason. */
    public <R> Found<R> map(Function<T, R> open) {
        return present() ? of(open.apply(value)) : missing(missing);
    }
}
