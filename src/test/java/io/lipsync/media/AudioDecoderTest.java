package io.lipsync.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.testing.SharedFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * Upstream's adjust_offset with a negative offset: the audio's first 0.12 s lie before the video's start
     * and are dropped, so the beep comes 3 frames (1920 samples) earlier than in the source.
     */
    @Test
    void audioThatLeadsTheVideoDecodesEarly(@TempDir Path dir) {
        Path src = SharedFixtures.parityData().resolve("t16").resolve("src.mp4");
        Path leading = dir.resolve("leading.mp4");
        FfmpegCli.run(List.of("-i", src.toString(), "-itsoffset", "-0.12", "-i", src.toString(), "-map", "0:v",
                "-map", "1:a", "-c", "copy", "-q:v", "0", "-q:a", "0", leading.toString()));
        int shift = onset(AudioDecoder.decode(leading)) - onset(AudioDecoder.decode(src));
        assertEquals(-3 * AudioDecoder.SAMPLES_PER_FRAME, shift, 0.05 * AudioDecoder.SAMPLES_PER_FRAME,
                "the beep's shift in samples");
    }

    private static int onset(float[] samples) {
        int i = 0;
        while (Math.abs(samples[i]) <= 3000 / 32768f) {
            i++;
        }
        return i;
    }
}
