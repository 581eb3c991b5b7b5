package io.lipsync.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameRateTest {
    @Test
    void readsWholeDecimalAndRationalRates() {
        assertEquals(25.0, FrameRate.parse("25"));
        assertEquals(29.97, FrameRate.parse(" 29.97 "));
        assertEquals(30000 / 1001.0, FrameRate.parse("30000/1001"));
        assertEquals(24000 / 1001.0, FrameRate.parse("24000 / 1001"));
    }

    @Test
    void refusesWhatIsNoRate() {
        for (String bad : new String[] {"", "abc", "30000/0", "0/1", "-25", "1/x"}) {
            assertThrows(MediaException.class, () -> FrameRate.parse(bad), bad);
        }
    }
}
