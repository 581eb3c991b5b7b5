package io.lipsync.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TorchZipWriter;
import io.lipsync.testing.TorchZipWriter.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReadingTest {
    @TempDir
    Path dir;

    @Test
    void readsBf16ViewsNestedDictsAndStripsModulePrefix() throws Exception {
        float[] values = {1f, 2f, 3f, 4f, 5f, 6f};
        // A transposed view: logical shape (3, 2) over a (2, 3) storage.
        Entry transposed = new Entry("FloatStorage", TorchZipWriter.floats(values), 0, new long[] {3, 2},
                new long[] {1, 3});
        Entry bf16 = Entry.contiguous("BFloat16Storage", TorchZipWriter.bf16(1.5f, -2.25f), 2);
        Entry offsetView = new Entry("FloatStorage", TorchZipWriter.floats(values), 4, new long[] {2},
                new long[] {1});
        Path file = dir.resolve("model.pt");
        new TorchZipWriter()
                .put("state_dict", Map.of("module.a", transposed, "module.b", bf16, "module.c", offsetView))
                .put("global_step", 1234)
                .write(file, "model");

        StateDict sd = StateDict.load(file);
        assertEquals(java.util.Set.of("a", "b", "c"), sd.tensors().keySet());
        assertArrayEquals(new long[] {3, 2}, sd.get("a").shape());
        assertArrayEquals(new float[] {1f, 4f, 2f, 5f, 3f, 6f}, sd.get("a").toFloats());
        assertEquals(DType.BF16, sd.get("b").dtype());
        assertArrayEquals(new float[] {1.5f, -2.25f}, sd.get("b").toFloats());
        assertArrayEquals(new float[] {5f, 6f}, sd.get("c").toFloats());
        assertEquals(1234, ((Number) sd.extras().get("global_step")).intValue());
    }

    @Test
    void bf16WeightsReachTheEngineAsFloat32() throws Exception {
        Path file = dir.resolve("w.pt");
        new TorchZipWriter().put("w", Entry.contiguous("BFloat16Storage", TorchZipWriter.bf16(0.5f, 3f), 2))
                .write(file, "w");
        try (NDManager m = NDManager.newBaseManager()) {
            var params = io.lipsync.model.nn.Params.root();
            var p = params.add("w", 2);
            io.lipsync.model.nn.WeightLoader.load(params, StateDict.load(file), m, "test");
            assertArrayEquals(new float[] {0.5f, 3f}, p.value().toFloatArray());
        }
    }

    @Test
    void torchAndSafetensorsCopiesOfTheTinyUnetAgree() {
        Path parity = SharedFixtures.parity();
        StateDict pt = StateDict.load(parity.resolve("unet_tiny_random.pt"));
        StateDict st = StateDict.load(parity.resolve("unet_tiny_random.safetensors"));
        assertEquals(st.tensors().keySet(), pt.tensors().keySet());
        for (String k : st.tensors().keySet()) {
            assertArrayEquals(st.get(k).toFloats(), pt.get(k).toFloats(), k);
        }
        assertTrue(pt.extras().containsKey("global_step"));
    }

    @Test
    void whisperFileKeepsItsDimsAndHalfPrecisionWeights() {
        StateDict whisper = StateDict.load(SharedFixtures.parity().resolve("whisper_tiny_random.pt"));
        assertTrue(whisper.extras().get("dims") instanceof Map<?, ?>);
        assertEquals(DType.F16, whisper.get("encoder.conv1.weight").dtype());
    }

    @Test
    void truncatedFileSaysSoAndWhatToDo() throws Exception {
        byte[] full = Files.readAllBytes(SharedFixtures.parity().resolve("unet_tiny_random.pt"));
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(full, full.length / 2));
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.load(cut));
        assertTrue(e.userMessage().contains("truncated"), e.userMessage());
        assertTrue(e.userMessage().contains("download"), e.userMessage());
    }

    @Test
    void emptyMissingAndGarbageFilesGetClearMessages() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pt"));
        assertTrue(assertThrows(CheckpointException.class, () -> StateDict.load(empty)).getMessage()
                .contains("empty"));
        assertTrue(assertThrows(CheckpointException.class, () -> StateDict.load(dir.resolve("nope.pt")))
                .userMessage().contains("lipsync models download"));
        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, new byte[] {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46});
        assertTrue(assertThrows(CheckpointException.class, () -> StateDict.load(legacy)).getMessage()
                .contains("legacy"));
        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "this is not a model at all, just some text");
        assertTrue(assertThrows(CheckpointException.class, () -> StateDict.load(garbage)).getMessage()
                .contains("not a readable safetensors file"));
    }

    /** A header declaring a negative side is refused in one line, also where two of them multiply to a plausible size. */
    @Test
    void aNegativeSideIsADamagedFileNotAStackTrace() throws Exception {
        for (String shape : new String[] {"[-2, -2]", "[-4]", "[4611686018427387904, 4]"}) {
            String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,16]}}";
            byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.nio.ByteBuffer file = java.nio.ByteBuffer.allocate(8 + h.length + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            file.putLong(h.length).put(h);
            Path bad = dir.resolve("bad.safetensors");
            Files.write(bad, file.array());
            CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.load(bad), shape);
            assertTrue(e.userMessage().contains("damaged or not a LatentSync checkpoint"), e.userMessage());
        }
    }

    /** torch.save's legacy format, as torchvision's VGG16 and lpips' linear weights are stored. */
    @Test
    void readsTheLegacyFormat() {
        StateDict trunk = StateDict.load(io.lipsync.testing.SharedFixtures.parityTrain().resolve("lpips_vgg16_trunk_tiny.pth"));
        assertEquals(26, trunk.tensors().size(), trunk.tensors().keySet().toString());
        TensorData w = trunk.get("features.0.weight");
        assertArrayEquals(new long[] {16, 3, 3, 3}, w.shape());
        float[] values = w.toFloats();
        assertTrue(java.util.stream.IntStream.range(0, values.length).anyMatch(i -> values[i] != 0f), "weights read");
        StateDict lin = StateDict.load(io.lipsync.testing.SharedFixtures.parityTrain().resolve("lpips_vgg_lin_tiny.pth"));
        assertArrayEquals(new long[] {1, 32, 1, 1}, lin.get("lin4.model.1.weight").shape());
    }

    @Test
    void wrongFileForTheModelNamesTheKeysInOneError() {
        UNet3D unet = new UNet3D(UNetConfig.load(SharedFixtures.parity().resolve("unet_tiny.yaml")));
        StateDict whisper = StateDict.load(SharedFixtures.parity().resolve("whisper_tiny_random.pt"));
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> unet.load(whisper, m));
            String msg = e.userMessage();
            assertTrue(msg.contains("missing keys"), msg);
            assertTrue(msg.contains("unexpected keys"), msg);
            assertTrue(msg.contains("conv_in.weight"), msg);
            assertTrue(msg.contains("decoder.blocks.0.attn.key.weight"), msg);
        }
    }

    @Test
    void shapeMismatchIsReportedByName() throws Exception {
        Path file = dir.resolve("bad.pt");
        new TorchZipWriter().put("w", Entry.contiguous("FloatStorage", TorchZipWriter.floats(1, 2, 3), 3))
                .write(file, "bad");
        var params = io.lipsync.model.nn.Params.root();
        params.add("w", 2);
        try (NDManager m = NDManager.newBaseManager()) {
            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> io.lipsync.model.nn.WeightLoader.load(params, StateDict.load(file), m, "test"));
            assertTrue(e.getMessage().contains("w (file [3], model [2])"), e.getMessage());
        }
    }

    /** A torch zip whose data.pkl is {@code pickle} (raw protocol-2 opcodes). */
    private Path torchZip(String name, byte[] pickle) throws Exception {
        Path file = dir.resolve(name);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var entry : java.util.Map.of("archive/data.pkl", pickle, "archive/version", "3\n".getBytes())
                    .entrySet()) {
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(entry.getKey());
                e.setMethod(java.util.zip.ZipEntry.STORED);
                e.setSize(entry.getValue().length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(entry.getValue());
                e.setCrc(crc.getValue());
                zip.putNextEntry(e);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aDeeplyNestedPickleIsRefusedNotAStackOverflow() throws Exception {
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(new byte[] {(byte) 0x80, 2, '}', ']', 'q', 0, '0'});
        for (int i = 0; i < 200_000; i++) {
            p.write(new byte[] {'(', 'h', 0, 'l', 'q', 0, '0'});
        }
        p.write(new byte[] {'h', 0, 'K', 1, 's', '.'});
        Path file = torchZip("nested.pt", p.toByteArray());
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.load(file));
        assertTrue(e.userMessage().contains("nests too deeply"), e.userMessage());
    }

    /** The directory's entries are read as they are, whatever its end record counts: the file is judged by them. */
    @Test
    void aZipDirectoryThatOverCountsItsEntriesIsReadByTheEntriesItHolds() throws Exception {
        byte[] zip = Files.readAllBytes(torchZip("count.pt", new byte[] {(byte) 0x80, 2, '}', '.'}));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = zip.length - 22;
        assertEquals(0x06054b50, b.getInt(eocd));
        b.putShort(eocd + 8, (short) 9);
        b.putShort(eocd + 10, (short) 9);
        Path file = dir.resolve("overcount.pt");
        Files.write(file, zip);
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.load(file));
        assertTrue(e.userMessage().contains("holds no tensors"), e.userMessage());
    }

    @Test
    void aSafetensorsHeaderWithoutShapeIsNamed() throws Exception {
        String header = "{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length() + 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes()).putFloat(1f);
        Path file = dir.resolve("noshape.safetensors");
        Files.write(file, b.array());
        CheckpointException e = assertThrows(CheckpointException.class, () -> StateDict.load(file));
        assertTrue(e.userMessage().contains("tensor 'w'"), e.userMessage());
    }
}
