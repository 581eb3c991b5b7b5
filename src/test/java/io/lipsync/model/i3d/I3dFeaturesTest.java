package io.lipsync.model.i3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lipsync.testing.TorchScriptStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The I3D file loads as TorchScript and is called as upstream calls it (on a stand-in with its signature). */
class I3dFeaturesTest {
    @Test
    void loadsAndRunsATorchScriptWithI3dsSignature(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("i3d_torchscript.pt");
        TorchScriptStandIn.writeI3d(file, 400, 1);
        try (I3dFeatures i3d = I3dFeatures.load(file, ai.djl.Device.cpu())) {
            float[] clips = new float[2 * 3 * 16 * 224 * 224];
            java.util.Arrays.fill(clips, 0, clips.length / 2, 0.5f);
            float[][] f = i3d.features(clips, 2);
            assertEquals(2, f.length);
            assertEquals(400, f[0].length);
            assertEquals(0f, f[1][7]);
        }
    }
}
