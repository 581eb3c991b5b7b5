package io.lipsync.face;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxModelTest {
    @Test
    void onnxRuntimeNeverSpinsWaitingForWork() throws Exception {
        Map<String, String> entries = OnnxModel.options().getConfigEntries();
        assertEquals("0", entries.get("session.intra_op.allow_spinning"));
        assertEquals("0", entries.get("session.inter_op.allow_spinning"));
    }
}
