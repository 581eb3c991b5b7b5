package io.lipsync.model.whisper;

import io.lipsync.checkpoint.CheckpointException;
import java.util.Map;

/**
 * Whisper's ModelDimensions, as stored under {@code dims} in an openai-format checkpoint: the mel bands, the
 * vocabulary, and the audio encoder's and text decoder's transformer stacks ({@code n_audio_*}, {@code n_text_*}).
 */
public record WhisperDims(int nMels, int nVocab, Stack audio, Stack text) {
    /** whisper tiny, the model LatentSync's audio features come from. */
    public static final WhisperDims TINY = new WhisperDims(80, 51865, new Stack(1500, 384, 6, 4), new Stack(448, 384, 6, 4));

    /** A transformer stack: its context length, width, heads and layers. */
    public record Stack(int ctx, int state, int head, int layer) {
        static Stack of(Map<?, ?> m, String side) {
            return new Stack(get(m, "n_" + side + "_ctx"), get(m, "n_" + side + "_state"), get(m, "n_" + side + "_head"),
                    get(m, "n_" + side + "_layer"));
        }
    }

    public static WhisperDims fromMap(Map<?, ?> m) {
        try {
            return new WhisperDims(get(m, "n_mels"), get(m, "n_vocab"), Stack.of(m, "audio"), Stack.of(m, "text"));
        } catch (RuntimeException e) {
            throw new CheckpointException("the Whisper checkpoint's 'dims' entry is incomplete: " + e.getMessage(),
                    "use checkpoints/whisper/tiny.pt from the LatentSync download");
        }
    }

    private static int get(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("missing " + key);
        }
        return n.intValue();
    }
}
