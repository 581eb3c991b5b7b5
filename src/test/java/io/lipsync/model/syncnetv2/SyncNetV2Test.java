package io.lipsync.model.syncnetv2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.testing.ManifestCheckpoints;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TorchZipWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SyncNet-v2 at its real size: the released file's keys and shapes, its loading rules, its shapes through. */
class SyncNetV2Test {
    private static JsonObject manifest() throws Exception {
        return JsonParser.parseString(Files.readString(SharedFixtures.parityData().resolve("manifest_syncnet_v2.json")))
                .getAsJsonObject();
    }

    @Test
    void declaresTheReleasedKeysAndCounts() throws Exception {
        JsonObject manifest = manifest();
        Map<String, long[]> official = ManifestCheckpoints.keys(manifest);
        official.keySet().removeIf(k -> k.endsWith(".num_batches_tracked"));
        SyncNetV2 net = new SyncNetV2(SyncNetV2Config.official());
        KeyCheck check = KeyCheck.compare(net.params().expectedKeys(), official);
        assertTrue(check.clean(), check.describe());
        long all = 0;
        long trainable = 0;
        for (Param p : net.params().weights().values()) {
            long n = Arrays.stream(p.shape()).reduce(1, (a, b) -> a * b);
            all += n;
            trainable += p.isBuffer() ? 0 : n;
        }
        assertEquals(manifest.get("state_numel_without_num_batches_tracked").getAsLong(), all);
        assertEquals(manifest.get("parameters").getAsLong(), trainable);
    }

    @Test
    void loadsTheFileWithOrWithoutBatchCountersAndRefusesStrangers(@TempDir Path dir) throws Exception {
        Map<String, long[]> official = ManifestCheckpoints.keys(manifest());
        Map<String, Object> entries = ManifestCheckpoints.broadcastTensors(official);
        official.forEach((k, shape) -> {
            if (k.endsWith(".num_batches_tracked")) {
                entries.put(k, TorchZipWriter.Entry.contiguous("LongStorage", new byte[8]));
            }
        });
        TorchZipWriter withCounters = new TorchZipWriter();
        entries.forEach(withCounters::put);
        withCounters.write(dir.resolve("syncnet_v2.model"), "archive");
        TorchZipWriter without = new TorchZipWriter();
        entries.forEach((k, v) -> {
            if (!k.endsWith(".num_batches_tracked")) {
                without.put(k, v);
            }
        });
        without.write(dir.resolve("bare.model"), "archive");
        TorchZipWriter stranger = new TorchZipWriter();
        entries.forEach(stranger::put);
        stranger.put("netfcaud.9.weight", entries.get("netfcaud.3.weight"));
        stranger.write(dir.resolve("stranger.model"), "archive");
        try (NDManager m = NDManager.newBaseManager()) {
            for (String file : new String[] {"syncnet_v2.model", "bare.model"}) {
                SyncNetV2 net = new SyncNetV2(SyncNetV2Config.official());
                net.load(StateDict.load(dir.resolve(file)), m);
                assertEquals(0.5f, net.params().weights().get("netcnnlip.0.weight").value().getFloat(0, 0, 0, 0, 0));
            }
            CheckpointException e = assertThrows(CheckpointException.class, () -> new SyncNetV2(SyncNetV2Config.official())
                    .load(StateDict.load(dir.resolve("stranger.model")), m));
            assertTrue(e.getMessage().contains("netfcaud.9.weight"), e.getMessage());
        }
    }

    @Test
    void fullSizeShapesThrough() {
        try (NDManager m = NDManager.newBaseManager()) {
            SyncNetV2 net = new SyncNetV2(SyncNetV2Config.official());
            RandomWeights.fill(net.params(), m, 3);
            NDArray lip = net.lip(m.randomUniform(0, 255, new Shape(2, 3, 5, 224, 224)));
            NDArray audio = net.audio(m.randomNormal(new Shape(2, 1, 13, 20)));
            assertArrayEquals(new long[] {2, 1024}, lip.getShape().getShape());
            assertArrayEquals(new long[] {2, 1024}, audio.getShape().getShape());
            assertTrue(Float.isFinite(lip.sum().getFloat()) && Float.isFinite(audio.sum().getFloat()));
            // Evaluation mode: a window's embedding does not depend on the others in its batch.
            NDArray x = m.randomNormal(new Shape(1, 1, 13, 20));
            NDArray alone = net.audio(x);
            NDArray batched = net.audio(x.concat(m.randomNormal(new Shape(3, 1, 13, 20))));
            assertTrue(alone.get(0).allClose(batched.get(0), 1e-4, 1e-4, false));
        }
    }
}
