package io.lipsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an ONNX model whose outputs are constants (one Constant node each) and whose one float input is
 * declared but unused: a stand-in with a real model's input and output shapes, for testing the code around
 * a model whose weights are not available here. Protobuf is written by hand (field numbers of onnx.proto).
 */
public final class OnnxWriter {
    private final String input;
    private final long[] inputShape;
    private final Map<String, float[]> outputs = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public OnnxWriter(String input, long... inputShape) {
        this.input = input;
        this.inputShape = inputShape;
    }

    public OnnxWriter output(String name, float[] values, long... shape) {
        outputs.put(name, values);
        shapes.put(name, shape);
        return this;
    }

    public Path write(Path file) throws IOException {
        Proto graph = new Proto();
        for (String name : outputs.keySet()) {
            Proto tensor = new Proto();
            for (long d : shapes.get(name)) {
                tensor.varint(1, d);
            }
            tensor.varint(2, 1);
            ByteBuffer raw = ByteBuffer.allocate(4 * outputs.get(name).length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : outputs.get(name)) {
                raw.putFloat(v);
            }
            tensor.bytes(9, raw.array());
            Proto attribute = new Proto().string(1, "value").message(5, tensor).varint(20, 4);
            graph.message(1, new Proto().string(2, name).string(3, "const_" + name).string(4, "Constant")
                    .message(5, attribute));
        }
        graph.string(2, "stand-in");
        graph.message(11, valueInfo(input, inputShape));
        for (String name : outputs.keySet()) {
            graph.message(12, valueInfo(name, shapes.get(name)));
        }
        Proto model = new Proto().varint(1, 7).message(8, new Proto().string(1, "").varint(2, 13)).message(7, graph);
        Files.write(file, model.out.toByteArray());
        return file;
    }

    private static Proto valueInfo(String name, long[] shape) {
        Proto dims = new Proto();
        for (long d : shape) {
            dims.message(1, new Proto().varint(1, d));
        }
        Proto tensorType = new Proto().varint(1, 1).message(2, dims);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** A protobuf message being written: varints, strings, bytes and nested messages. */
    private static final class Proto {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.out.toByteArray());
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
