package io.lipsync.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.testing.SharedFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Audio is placed by its timestamps against the video, as a stream-copy shift leaves it. */
class AudioDecoderTest {
    @Test
    void audioShiftedByAStreamCopyDecodesShifted() {
        Path t16 = SharedFixtures.parityData().resolve("t16");
        float[] src = AudioDecoder.decode(t16.resolve("src.mp4"));
        float[] shifted = AudioDecoder.decode(t16.resolve("shifted.mp4"));
        // shifted.mp4's audio stream starts 16 ms after its video: 256 samples of silence lead, and the beep
        // that starts at frame 50 in src.mp4 starts two frames (1280 samples) later.
        assertEquals(32001, onset(src));
        assertEquals(32001 + 2 * AudioDecoder.SAMPLES_PER_FRAME, onset(shifted));
        for (int i = 0; i < 256; i++) {
            assertEquals(0f, shifted[i]);
        }
    }

    private static int onset(float[] samples) {
        int i = 0;
        while (Math.abs(samples[i]) <= 3000 / 32768f) {
            i++;
        }
        return i;
    }
}
