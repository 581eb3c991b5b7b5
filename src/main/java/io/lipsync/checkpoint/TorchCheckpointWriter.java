package io.lipsync.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints in torch.save's zip format (pickle protocol 2 plus one stored record per tensor, each
 * 64-byte aligned as torch aligns them), so torch.load and our own reader open them. Tensors are produced
 * one at a time, so a 5 GB state dict is never held whole; the file appears atomically when complete.
 */
public final class TorchCheckpointWriter {
    private static final int ALIGNMENT = 64;
    private static final short PADDING_FIELD = 0x4246; // "FB", the extra-field id torch pads records with

    /** A contiguous tensor to save; its little-endian bytes are asked for only when it is written. */
    public record Tensor(DType dtype, long[] shape, Supplier<ByteBuffer> bytes) {}

    private TorchCheckpointWriter() {}

    /**
     * Saves {@code root}, whose values are nested maps (saved as OrderedDicts, as state dicts are),
     * {@link Tensor}s, Integers, Longs and Strings, to {@code file} under the archive folder {@code archive}.
     */
    public static void write(Path file, String archive, Map<String, ?> root) throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(0x80);
        pickle.write(2);
        writeValue(pickle, root, tensors, true);
        pickle.write('.');
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (Counting counting = new Counting(Files.newOutputStream(tmp));
                    ZipOutputStream zip = new ZipOutputStream(counting)) {
                stored(zip, counting, archive + "/data.pkl", ByteBuffer.wrap(pickle.toByteArray()));
                stored(zip, counting, archive + "/byteorder", ascii("little"));
                for (int i = 0; i < tensors.size(); i++) {
                    Tensor t = tensors.get(i);
                    ByteBuffer bytes = t.bytes().get();
                    long expected = TensorData.numel(t.shape()) * t.dtype().bytes;
                    if (bytes.remaining() != expected) {
                        throw new IllegalArgumentException("tensor " + i + " has " + bytes.remaining()
                                + " bytes, its shape needs " + expected);
                    }
                    stored(zip, counting, archive + "/data/" + i, bytes);
                }
                stored(zip, counting, archive + "/version", ascii("3\n"));
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** An uncompressed record whose data starts on a 64-byte boundary of the file. */
    private static void stored(ZipOutputStream zip, Counting out, String name, ByteBuffer data) throws IOException {
        ByteBuffer view = data.duplicate();
        byte[] chunk = new byte[1 << 20];
        CRC32 crc = new CRC32();
        crc.update(view.duplicate());
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(view.remaining());
        e.setCompressedSize(view.remaining());
        e.setCrc(crc.getValue());
        long headerEnd = out.count + 30 + name.getBytes(StandardCharsets.UTF_8).length + 4;
        int pad = (int) ((ALIGNMENT - headerEnd % ALIGNMENT) % ALIGNMENT);
        e.setExtra(ByteBuffer.allocate(4 + pad).order(ByteOrder.LITTLE_ENDIAN).putShort(PADDING_FIELD)
                .putShort((short) pad).array());
        zip.putNextEntry(e);
        while (view.hasRemaining()) {
            int n = Math.min(chunk.length, view.remaining());
            view.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    private static void writeValue(ByteArrayOutputStream p, Object v, List<Tensor> tensors, boolean top)
            throws IOException {
        if (v instanceof Map<?, ?> m) {
            if (top) {
                p.write('}');
            } else {
                PickleWriter.global(p, "collections", "OrderedDict");
                p.write(')');
                p.write('R');
            }
            p.write('(');
            for (Map.Entry<?, ?> e : m.entrySet()) {
                PickleWriter.unicode(p, (String) e.getKey());
                writeValue(p, e.getValue(), tensors, false);
            }
            p.write('u');
        } else if (v instanceof Integer || v instanceof Long) {
            PickleWriter.integer(p, ((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            PickleWriter.floating(p, ((Number) v).doubleValue());
        } else if (v instanceof List<?> items) {
            p.write(']');
            p.write('(');
            for (Object item : items) {
                writeValue(p, item, tensors, false);
            }
            p.write('e');
        } else if (v instanceof String s) {
            PickleWriter.unicode(p, s);
        } else if (v instanceof Tensor t) {
            tensor(p, t, tensors);
        } else {
            throw new IllegalArgumentException("cannot save a " + (v == null ? "null" : v.getClass().getName()));
        }
    }

    /** A contiguous tensor over storage record {@code key}, offset 0. */
    private static void tensor(ByteArrayOutputStream p, Tensor t, List<Tensor> tensors) throws IOException {
        String key = String.valueOf(tensors.size());
        tensors.add(t);
        long[] shape = t.shape();
        long[] stride = new long[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = s;
            s *= shape[i];
        }
        PickleWriter.tensor(p, t.dtype().torchStorage(), key, TensorData.numel(shape), 0, shape, stride);
    }

    /** Counts the bytes written, so each record's data offset is known before its header is written. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
