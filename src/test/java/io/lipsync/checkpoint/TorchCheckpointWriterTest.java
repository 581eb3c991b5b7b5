package io.lipsync.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointWriterTest {
    @TempDir
    Path dir;

    private static TorchCheckpointWriter.Tensor floats(long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new TorchCheckpointWriter.Tensor(DType.F32, shape, () -> b.flip().duplicate());
    }

    @Test
    void writtenCheckpointReadsBackWithUpstreamLayout() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("conv.weight", floats(new long[] {2, 1, 1, 3}, 1, 2, 3, 4, 5, 6));
        state.put("conv.bias", floats(new long[] {2}, -0.5f, 0.25f));
        ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3c00)
                .putShort((short) 0xc000);
        state.put("half", new TorchCheckpointWriter.Tensor(DType.F16, new long[] {2}, () -> half.flip().duplicate()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("state_dict", state);
        root.put("global_step", 5_000_000_000L);
        Path file = dir.resolve("unet.pt");

        TorchCheckpointWriter.write(file, "unet", root);

        StateDict read = StateDict.load(file);
        assertEquals(state.keySet(), read.tensors().keySet());
        assertArrayEquals(new long[] {2, 1, 1, 3}, read.get("conv.weight").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read.get("conv.weight").toFloats());
        assertArrayEquals(new float[] {-0.5f, 0.25f}, read.get("conv.bias").toFloats());
        assertArrayEquals(new float[] {1f, -2f}, read.get("half").toFloats());
        assertEquals(5_000_000_000L, ((Number) read.extras().get("global_step")).longValue());
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertTrue(zip.getEntry("unet/version") != null && zip.getEntry("unet/byteorder") != null);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the checkpoint");
        }
    }

    /** Beside the weights, what training checkpoints carry: floats, lists and nested dicts (OrderedDicts, as torch saves them). */
    @Test
    void extrasKeepTheirValuesAndNestedDictsAreOrderedDicts() throws Exception {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("step", 3);
        nested.put("w", floats(new long[] {1}, 7f));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("state_dict", Map.of("x", floats(new long[] {1}, 2f)));
        root.put("lr", 1e-4);
        root.put("train_loss_list", java.util.List.of(0.5, 0.25));
        root.put("optimizer", nested);
        Path file = dir.resolve("extras.pt");
        TorchCheckpointWriter.write(file, "archive", root);
        StateDict read = StateDict.load(file);
        assertEquals(1e-4, ((Number) read.extras().get("lr")).doubleValue());
        assertEquals(java.util.List.of(0.5, 0.25), read.extras().get("train_loss_list"));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] pickle = zip.getInputStream(zip.getEntry("archive/data.pkl")).readAllBytes();
            assertEquals((byte) 0x80, pickle[0]);
            assertEquals(2, pickle[1], "pickle protocol 2, as torch.save writes");
            String text = new String(pickle, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertEquals(4, text.split("ccollections\nOrderedDict\n", -1).length - 1,
                    "state_dict and optimizer are OrderedDicts, and so are the two tensors' hooks: " + text);
            assertTrue(text.contains("ctorch\nFloatStorage\n"), "the storage class is a bare global");
        }
    }

    @Test
    void tensorRecordsStartOn64ByteBoundaries() throws Exception {
        Map<String, Object> state = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            state.put("layer_with_a_name_of_some_length." + "x".repeat(i) + ".weight", floats(new long[] {i + 1},
                    new float[i + 1]));
        }
        Path file = dir.resolve("aligned.pt");
        TorchCheckpointWriter.write(file, "archive", Map.of("state_dict", state));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        for (int at = 0; at + 30 < bytes.length && b.getInt(at) == 0x04034b50; records++) {
            int nameLength = b.getShort(at + 26) & 0xffff;
            int extraLength = b.getShort(at + 28) & 0xffff;
            String name = new String(bytes, at + 30, nameLength, java.nio.charset.StandardCharsets.UTF_8);
            int data = at + 30 + nameLength + extraLength;
            if (name.contains("/data/")) {
                assertEquals(0, data % 64, name + " starts at " + data);
            }
            at = data + b.getInt(at + 18);
        }
        assertEquals(8, records, "data.pkl, byteorder, five tensors, version");
    }
}
