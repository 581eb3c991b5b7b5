package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.syncnetv2.LipAudioEmbedding;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.testing.LoudnessNet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The windows SyncNet-v2 sees line up, and the offset has SyncNet's sign: with {@link LoudnessNet} (lips as
 * brightness, audio as loudness), audio delayed by d frames is reported at offset -d, as upstream reports a
 * clip whose audio was delayed.
 */
class SyncNetV2EvalTest {
    private static final LipAudioEmbedding LOUDNESS = new LoudnessNet();

    @ParameterizedTest
    @ValueSource(ints = {-3, 0, 2, 7})
    void audioDelayedByDFramesIsReportedAtMinusD(int delay) {
        int frames = 120;
        Random random = new Random(42);
        double[] level = new double[frames + 20];
        for (int i = 0; i < level.length; i++) {
            level[i] = random.nextDouble();
        }
        List<Rgb> crops = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            Rgb crop = Rgb.blank(SyncNetV2.SIZE, SyncNetV2.SIZE);
            java.util.Arrays.fill(crop.pixels(), (byte) (20 + 200 * level[t + 10]));
            crops.add(crop);
        }
        float[] audio = new float[frames * AudioDecoder.SAMPLES_PER_FRAME];
        for (int t = 0; t < frames; t++) {
            // The sound of video frame t - delay plays at frame t.
            double amplitude = 0.01 + 0.5 * level[t - delay + 10];
            for (int s = 0; s < AudioDecoder.SAMPLES_PER_FRAME; s++) {
                audio[t * AudioDecoder.SAMPLES_PER_FRAME + s] = (float) (amplitude * (random.nextDouble() * 2 - 1));
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            SyncOffset r = new SyncNetV2Eval(LOUDNESS, m).evaluate(crops, audio);
            assertEquals(frames - SyncNetV2.FRAMES, r.dists().length, "windows: all but the last five frames");
            assertEquals(-delay, r.avOffset());
            assertTrue(r.conf() > 0.5, "confidence " + r.conf());
        }
    }

    @Test
    void aTrackShorterThanOneWindowHasNoVerdict() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<Rgb> crops = java.util.Collections.nCopies(5, Rgb.blank(SyncNetV2.SIZE, SyncNetV2.SIZE));
            assertEquals(null, new SyncNetV2Eval(LOUDNESS, m).evaluate(crops, new float[5 * 640]));
        }
    }
}
