package io.lipsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import io.lipsync.image.Rgb;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.media.VideoDecoder;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TinyEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render in float16 (matrix products and convolutions; upstream's arithmetic on CUDA), run here on the CPU:
 * its frames follow the float32 render's closely but not bit for bit (so float16 was used), and the face work
 * each caches is kept apart.
 */
class Fp16RenderTest {
    @TempDir
    Path dir;

    private RenderSummary render(DataType low, Path out) {
        Path media = SharedFixtures.media();
        try (LoadedRenderer engine = TinyEngine.load(dir.resolve("cache"), low)) {
            return engine.render(new RenderRequest(media.resolve("face-clip.mp4"), media.resolve("voice-en.wav"), out,
                    null, new DenoiseOptions(2, 1.5f, true, 3), 7), RenderListener.NONE);
        }
    }

    @Test
    void float16FollowsFloat32AndKeepsItsOwnFaceWork() {
        RenderSummary full = render(null, dir.resolve("fp32.mp4"));
        RenderSummary half = render(DataType.FLOAT16, dir.resolve("fp16.mp4"));
        assertFalse(half.faces().cacheHit(), "float16's face work is not float32's");
        assertEquals(full.frames(), half.frames());

        List<Rgb> a = frames(dir.resolve("fp32.mp4"));
        List<Rgb> b = frames(dir.resolve("fp16.mp4"));
        double sum = 0;
        double worst = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = meanAbsDiff(a.get(i), b.get(i));
            sum += d;
            worst = Math.max(worst, d);
        }
        double mean = sum / a.size();
        System.out.printf("fp16 against fp32: mean abs diff %.4f, worst frame %.4f (0-255)%n", mean, worst);
        assertTrue(mean > 0, "float16 changed the arithmetic");
        assertTrue(worst < 2.0, "float16 follows float32: worst frame differs by " + worst);
    }

    private static List<Rgb> frames(Path video) {
        List<Rgb> out = new ArrayList<>();
        VideoDecoder.decode(video, out::add);
        return out;
    }

    private static double meanAbsDiff(Rgb a, Rgb b) {
        double sum = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.get(y, x, c) - b.get(y, x, c));
                }
            }
        }
        return sum / (3.0 * a.width() * a.height());
    }
}
