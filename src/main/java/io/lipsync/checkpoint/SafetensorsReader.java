package io.lipsync.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a .safetensors file: 8-byte header length, a JSON header, then the raw tensors (mapped). */
public final class SafetensorsReader {
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    public static Map<String, TensorData> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "it is shorter than a safetensors header");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long headerLength = len.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw bad(file, "its header length is invalid (not a safetensors file, or truncated)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            while (header.hasRemaining()) {
                if (ch.read(header, 8 + header.position()) < 0) {
                    throw bad(file, "it ends inside its header");
                }
            }
            JsonObject json;
            try {
                json = JsonParser.parseString(new String(header.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (JsonSyntaxException | IllegalStateException e) {
                throw bad(file, "its header is not valid JSON");
            }
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            Map<String, TensorData> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : json.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonObject t;
                DType dtype;
                long[] shape;
                long begin;
                long end;
                try {
                    t = e.getValue().getAsJsonObject();
                    dtype = DType.ofSafetensors(t.get("dtype").getAsString());
                    var shapeJson = t.getAsJsonArray("shape");
                    shape = new long[shapeJson.size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = shapeJson.get(i).getAsLong();
                    }
                    var offsets = t.getAsJsonArray("data_offsets");
                    begin = offsets.get(0).getAsLong();
                    end = offsets.get(1).getAsLong();
                } catch (RuntimeException malformed) {
                    if (malformed instanceof CheckpointException c) {
                        throw c;
                    }
                    throw bad(file, "tensor '" + e.getKey() + "' lacks a valid dtype, shape or data_offsets");
                }
                if (begin < 0 || end < begin || end > dataLength) {
                    throw bad(file, "tensor '" + e.getKey() + "' lies outside the file (truncated?)");
                }
                ByteBuffer bytes = end == begin ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin);
                out.put(e.getKey(), new TensorData(dtype, shape, bytes));
            }
            return out;
        }
    }

    private static CheckpointException bad(Path file, String why) {
        return new CheckpointException(file.getFileName() + " is not a readable safetensors file: " + why,
                "download the file again");
    }
}
