package io.lipsync.model.whisper;

import io.lipsync.checkpoint.CheckpointException;
import java.util.Map;

/** Whisper's ModelDimensions, as stored under {@code dims} in an openai-format checkpoint. */
public record WhisperDims(int nMels, int nAudioCtx, int nAudioState, int nAudioHead, int nAudioLayer, int nVocab,
        int nTextCtx, int nTextState, int nTextHead, int nTextLayer) {

    public static WhisperDims fromMap(Map<?, ?> m) {
        try {
            return new WhisperDims(get(m, "n_mels"), get(m, "n_audio_ctx"), get(m, "n_audio_state"),
                    get(m, "n_audio_head"), get(m, "n_audio_layer"), get(m, "n_vocab"), get(m, "n_text_ctx"),
                    get(m, "n_text_state"), get(m, "n_text_head"), get(m, "n_text_layer"));
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
