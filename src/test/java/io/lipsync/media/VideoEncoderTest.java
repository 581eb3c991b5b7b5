package io.lipsync.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.image.Rgb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoEncoderTest {
    @Test
    void anOddSizeIsPaddedByRepeatingTheEdgeNotStretched(@TempDir Path dir) {
        // 4:2:0 H.264 cannot be 719x405: the picture keeps its pixels and gains one repeated column and row.
        int w = 719;
        int h = 405;
        Rgb frame = Rgb.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = x < 360 ? 40 : 200;
                frame.set(y, x, 0, v);
                frame.set(y, x, 1, v);
                frame.set(y, x, 2, v);
            }
        }
        Path out = dir.resolve("odd.mp4");
        try (VideoEncoder encoder = new VideoEncoder(out, w, h, "mp4")) {
            for (int i = 0; i < 5; i++) {
                encoder.writeVideo(frame);
            }
            encoder.commit();
        }
        List<Rgb> frames = new ArrayList<>();
        VideoDecoder.decode(out, frames::add);
        Rgb back = frames.get(0);
        assertEquals(720, back.width());
        assertEquals(406, back.height());
        // A stretch would move the edge between the halves; padding leaves it at column 360.
        assertTrue(Math.abs(back.get(200, 355, 0) - 40) < 12, "left of the edge: " + back.get(200, 355, 0));
        assertTrue(Math.abs(back.get(200, 365, 0) - 200) < 12, "right of the edge: " + back.get(200, 365, 0));
        assertTrue(Math.abs(back.get(405, 719, 0) - 200) < 12, "the added corner repeats the edge");
    }
}
