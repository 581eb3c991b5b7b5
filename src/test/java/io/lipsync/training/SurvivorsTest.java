package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a step returns outlives its scope, wherever it sits in the result; everything else is freed. */
class SurvivorsTest {
    record Inner(NDList list, Map<String, NDArray> byName, float[] plain) {}

    record Outer(NDArray top, List<Inner> inners, Inner missing) {}

    @Test
    void arraysInRecordsListsAndMapsSurviveTheScope() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray temporary;
            Outer kept;
            try (NDScope scope = new NDScope()) {
                temporary = m.ones(new Shape(2));
                kept = new Outer(m.zeros(new Shape(1)),
                        List.of(new Inner(new NDList(m.ones(new Shape(3))),
                                Map.of("g", m.ones(new Shape(4))), new float[] {1})),
                        null);
                Survivors.keep(kept);
            }
            assertTrue(temporary.isReleased(), "what the result does not hold is freed");
            assertFalse(kept.top().isReleased());
            assertFalse(kept.inners().get(0).list().get(0).isReleased());
            assertFalse(kept.inners().get(0).byName().get("g").isReleased());
            assertEquals(4f, kept.inners().get(0).byName().get("g").sum().getFloat());
        }
    }
}
