package io.lipsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.syncnetv2.LipAudioEmbedding;
import io.lipsync.model.syncnetv2.SyncNetV2;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The windows SyncNet-v2 sees line up, and the offset has SyncNet's sign: with a net that embeds a lip window
 * as its five frames' brightness and an audio window as its five frames' loudness (both standardised),
 * audio delayed by d frames is reported at offset -d, as upstream reports a clip whose audio was delayed.
 */
class SyncNetV2EvalTest {
    /** Brightness per frame against log energy per frame (MFCC coefficient 0, four steps per frame). */
    private static final LipAudioEmbedding LOUDNESS = new LipAudioEmbedding() {
        @Override
        public NDArray lip(NDArray frames) {
            // (B, 3, 5, H, W) -> mean of each frame -> (B, 5)
            return standardised(frames.mean(new int[] {4}).mean(new int[] {3}).mean(new int[] {1}));
        }

        @Override
        public NDArray audio(NDArray mfcc) {
            // (B, 1, 13, 20): coefficient 0 is log energy; 4 steps per frame -> (B, 5)
            NDArray energy = mfcc.get(":, 0, 0, :").reshape(-1, SyncNetV2.FRAMES, 4).mean(new int[] {2});
            return standardised(energy);
        }

        private NDArray standardised(NDArray x) {
            NDArray centred = x.sub(x.mean(new int[] {1}, true));
            return centred.div(centred.square().mean(new int[] {1}, true).sqrt().add(1e-6f));
        }
    };

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
