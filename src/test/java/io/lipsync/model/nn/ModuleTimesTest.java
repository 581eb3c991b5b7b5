package io.lipsync.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parts are timed under the path of the part that runs them, and nothing is kept while timing is off. */
class ModuleTimesTest {
    @Test
    void nestedPartsSumUnderTheirPaths() {
        List<ModuleTimes.Row> rows = ModuleTimes.of(() -> ModuleTimes.time("net", () -> {
            for (int i = 0; i < 3; i++) {
                ModuleTimes.time("block", () -> ModuleTimes.time("part", ModuleTimesTest::spin));
            }
            return ModuleTimes.time("head", ModuleTimesTest::spin);
        }));
        assertEquals(List.of("net", "net/block", "net/block/part", "net/head"),
                rows.stream().map(ModuleTimes.Row::path).toList());
        assertEquals(List.of(1L, 3L, 3L, 1L), rows.stream().map(ModuleTimes.Row::calls).toList());
        assertEquals(List.of(1, 2, 3, 2), rows.stream().map(ModuleTimes.Row::depth).toList());
        assertEquals("part", rows.get(2).name());
        assertTrue(rows.get(0).millis() >= rows.get(1).millis() + rows.get(3).millis(), rows.toString());
        assertTrue(rows.get(1).millis() >= rows.get(2).millis(), rows.toString());
    }

    @Test
    void partsRunWhileOffLeaveNoRows() {
        assertEquals(42, ModuleTimes.time("net", () -> 42));
        assertEquals(List.of(), ModuleTimes.of(() -> {}));
    }

    private static long spin() {
        long until = System.nanoTime() + 200_000;
        long n = 0;
        while (System.nanoTime() < until) {
            n++;
        }
        return n;
    }
}
