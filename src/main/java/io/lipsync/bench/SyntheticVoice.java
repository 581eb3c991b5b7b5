package io.lipsync.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** A speech-like test signal: voiced bursts of a few harmonics with pauses, as a 16 kHz mono WAV. */
public final class SyntheticVoice {
    private SyntheticVoice() {}

    public static byte[] wav(int seconds, long seed) {
        int n = seconds * 16000;
        Random random = new Random(seed);
        ByteBuffer b = ByteBuffer.allocate(44 + n * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + n * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(n * 2);
        double pitch = 120 + 60 * random.nextDouble();
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 3.5 * t + seed));
            double v = 0;
            for (int h = 1; h <= 4; h++) {
                v += Math.sin(2 * Math.PI * pitch * h * t) / h;
            }
            v = 0.2 * syllable * v + 0.01 * random.nextGaussian();
            b.putShort((short) Math.max(-32768, Math.min(32767, v * 32767)));
        }
        return b.array();
    }
}
