package io.lipsync.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guard inside another's work (a command that guards one part of itself differently): the inner policy holds
 * while its work runs, the outer one holds again after it, and a stop asked for between the two reaches the
 * inner work. A stop left from an earlier command does not reach the next.
 */
class StoppingTest {
    private final List<String> said = new ArrayList<>();

    @Test
    void theOuterPolicyHoldsAgainAfterAnInnerGuardReturns() throws Exception {
        Stopping.guard(Stopping.Policy.ABANDON, said::add, () -> {
            Stopping.guard(Stopping.Policy.finishing("saving"), said::add, () -> {
                Stopping.request();
                Stopping.check(); // finishing work is asked, not interrupted
                return null;
            });
            assertThrows(Stopping.Stopped.class, Stopping::check, "the outer work is abandoned again");
            return null;
        });
        Stopping.check(); // no guard: nothing throws
    }

    @Test
    void aStopAskedForBeforeAnInnerGuardReachesItsWork() throws Exception {
        boolean seen = Stopping.guard(Stopping.Policy.ABANDON, said::add, () -> {
            Stopping.request();
            return Stopping.guard(Stopping.Policy.finishing("saving"), said::add, Stopping::requested);
        });
        assertTrue(seen, "the inner work sees the stop asked for while it was being prepared");
    }

    @Test
    void aStopLeftFromAnEarlierCommandIsNotTheNextOnes() throws Exception {
        Stopping.guard(Stopping.Policy.ABANDON, said::add, () -> {
            Stopping.request();
            return null;
        });
        assertFalse(Stopping.guard(Stopping.Policy.ABANDON, said::add, Stopping::requested));
        assertEquals(List.of(), said, "a stop the program asks for itself prints nothing");
    }
}
