package io.lipsync.testing;

import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoEncoder;
import java.nio.file.Path;
import java.util.Random;

/**
 * Prepared clips a SyncNet can learn from: 25 fps "faces" whose lower half is bright in frames where the
 * voice (a 300 Hz tone) sounds and dark where it is silent, on a random on/off pattern per clip.
 */
public final class SyntheticClips {
    private SyntheticClips() {}

    public static void write(Path dir, int clips, int frames, int size, long seed) {
        Random random = new Random(seed);
        int perFrame = AudioDecoder.SAMPLE_RATE / 25;
        for (int c = 0; c < clips; c++) {
            boolean[] on = new boolean[frames];
            boolean state = random.nextBoolean();
            for (int f = 0; f < frames; f++) {
                if (random.nextInt(4) == 0) {
                    state = !state;
                }
                on[f] = state;
            }
            float[] audio = new float[frames * perFrame];
            for (int i = 0; i < audio.length; i++) {
                audio[i] = on[i / perFrame] ? (float) (0.5 * Math.sin(2 * Math.PI * 300 * i / AudioDecoder.SAMPLE_RATE)) : 0f;
            }
            try (VideoEncoder out = new VideoEncoder(dir.resolve("clip" + c + ".mp4"), size, size, "mp4")) {
                for (int f = 0; f < frames; f++) {
                    Rgb image = Rgb.blank(size, size);
                    for (int y = 0; y < size; y++) {
                        int v = y < size / 2 ? 128 : on[f] ? 220 : 30;
                        for (int x = 0; x < size; x++) {
                            for (int ch = 0; ch < 3; ch++) {
                                image.set(y, x, ch, v);
                            }
                        }
                    }
                    out.writeVideo(image);
                    out.writeAudio(audio, f * perFrame, (f + 1) * perFrame);
                }
                out.commit();
            }
        }
    }
}
