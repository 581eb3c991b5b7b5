package io.lipsync.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoint files with the official keys and shapes (from the parity manifests) but no real weights:
 * torch files whose tensors are stride-0 views of one value, and sparse safetensors files.
 */
public final class ManifestCheckpoints {
    private ManifestCheckpoints() {}

    public static Map<String, long[]> keys(Path manifest) throws IOException {
        return keys(JsonParser.parseString(Files.readString(manifest)).getAsJsonObject());
    }

    /** Key -> shape from a manifest's {@code keys} object. */
    public static Map<String, long[]> keys(JsonObject o) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("keys").entrySet()) {
            var a = e.getValue().getAsJsonArray();
            long[] shape = new long[a.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = a.get(i).getAsLong();
            }
            out.put(e.getKey(), shape);
        }
        return out;
    }

    public static Map<String, Object> broadcastTensors(Map<String, long[]> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        keys.forEach((k, shape) -> out.put(k, new TorchZipWriter.Entry("FloatStorage", TorchZipWriter.floats(0.5f),
                0, shape, new long[shape.length])));
        return out;
    }

    /** A safetensors file of float32 zeros, sparse on disk. */
    public static void sparseSafetensors(Path file, Map<String, long[]> keys) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, long[]> e : keys.entrySet()) {
            long bytes = 4;
            StringBuilder shape = new StringBuilder();
            for (long d : e.getValue()) {
                bytes *= d;
                shape.append(shape.length() == 0 ? "" : ",").append(d);
            }
            header.append(header.length() == 1 ? "" : ",").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",")
                    .append("\"shape\":[").append(shape).append("],\"data_offsets\":[").append(offset).append(',')
                    .append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] length = new byte[8];
            java.nio.ByteBuffer.wrap(length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(json.length);
            f.write(length);
            f.write(json);
            f.setLength(8 + json.length + offset);
        }
    }
}
