package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Takes a step's results out of the {@link NDScope} that frees everything else the step made (gradient
 * handles, the optimiser's temporaries): every array found in them, through records, lists and maps.
 */
final class Survivors {
    private Survivors() {}

    static void keep(Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof NDList list) {
            NDScope.unregister(list);
        } else if (value instanceof NDArray array) {
            NDScope.unregister(array);
        } else if (value instanceof Collection<?> items) {
            items.forEach(Survivors::keep);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(Survivors::keep);
        } else if (value.getClass().isRecord()) {
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                keep(read(c, value));
            }
        }
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c, e);
        }
    }
}
