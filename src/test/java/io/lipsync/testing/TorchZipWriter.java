package io.lipsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small files in torch.save's zip format (pickle protocol 2 plus raw storages), so tests can make
 * checkpoints with any dtype, view or nesting without Python.
 */
public final class TorchZipWriter {
    /** A tensor to save: storage bytes (little-endian), its torch storage class, and the view into it. */
    public record Entry(String storageClass, byte[] storage, long offset, long[] shape, long[] stride) {
        public static Entry contiguous(String storageClass, byte[] storage, long... shape) {
            long[] stride = new long[shape.length];
            long s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = s;
                s *= shape[i];
            }
            return new Entry(storageClass, storage, 0, shape, stride);
        }
    }

    private final Map<String, Object> root = new LinkedHashMap<>();

    /** Top-level entries: a {@link Entry}, a nested {@code Map<String, Object>}, an Integer or a String. */
    public TorchZipWriter put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    public static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] bf16(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        return b.array();
    }

    public void write(Path file, String rootFolder) throws IOException {
        Map<String, byte[]> storages = new LinkedHashMap<>();
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2});
        writeValue(pickle, root, storages);
        pickle.write('.');
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, rootFolder + "/data.pkl", pickle.toByteArray());
            for (Map.Entry<String, byte[]> s : storages.entrySet()) {
                stored(zip, rootFolder + "/data/" + s.getKey(), s.getValue());
            }
            stored(zip, rootFolder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    @SuppressWarnings("unchecked")
    private void writeValue(ByteArrayOutputStream p, Object v, Map<String, byte[]> storages) throws IOException {
        if (v instanceof Map<?, ?> m) {
            p.write('}');
            p.write('(');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                PickleWriter.unicode(p, (String) e.getKey());
                writeValue(p, e.getValue(), storages);
            }
            p.write('u');
        } else if (v instanceof Integer i) {
            p.write('J');
            p.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array());
        } else if (v instanceof String s) {
            PickleWriter.unicode(p, s);
        } else if (v instanceof Entry t) {
            String key = String.valueOf(storages.size());
            storages.put(key, t.storage());
            PickleWriter.tensor(p, t.storageClass(), key, t.storage().length / elementSize(t.storageClass()),
                    t.offset(), t.shape(), t.stride());
        } else {
            throw new IllegalArgumentException("cannot pickle " + v);
        }
    }

    private static int elementSize(String storageClass) {
        return switch (storageClass) {
            case "FloatStorage", "IntStorage" -> 4;
            case "HalfStorage", "BFloat16Storage" -> 2;
            case "DoubleStorage", "LongStorage" -> 8;
            default -> 1;
        };
    }
}
