package io.lipsync.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Frames compared pixel by pixel must have one size; the error names both. */
class RgbTest {
    @Test
    void framesOfOneSizePassAndOthersAreNamed() {
        Rgb.blank(4, 3).requireSameSize(Rgb.blank(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rgb.blank(4, 3).requireSameSize(Rgb.blank(3, 4)));
        assertEquals("frames differ in size: 4x3 and 3x4", e.getMessage());
    }
}
