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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.IObjectPickler;
import net.razorvine.pickle.Pickler;

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
        byte[] pickle = pickle(root, tensors);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
        try {
            try (Counting counting = new Counting(Files.newOutputStream(tmp));
                    ZipOutputStream zip = new ZipOutputStream(counting)) {
                stored(zip, counting, archive + "/data.pkl", ByteBuffer.wrap(pickle));
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

    /** The pickle of {@code root}, its tensors' storages numbered in {@code tensors} as they are met. */
    private static byte[] pickle(Map<String, ?> root, List<Tensor> tensors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Pickler pickler = new Pickler(false) {
            @Override
            protected Object persistentId(Object o) {
                return o instanceof StorageRecord r ? new Object[] {"storage", new StorageClass(r.tensor().dtype()),
                        r.key(), "cpu", TensorData.numel(r.tensor().shape())} : null;
            }

            @Override
            protected IObjectPickler getCustomPickler(Class<?> type) {
                if (StorageClass.class.equals(type)) {
                    return (o, stream, p) -> global(stream, "torch", ((StorageClass) o).dtype().torchStorage());
                }
                if (OrderedDict.class.equals(type)) {
                    return (o, stream, p) -> orderedDict((OrderedDict) o, stream, p);
                }
                if (Tensor.class.equals(type)) {
                    return (o, stream, p) -> tensor((Tensor) o, tensors, stream, p);
                }
                return super.getCustomPickler(type);
            }
        };
        pickler.dump(nested(root, true), out);
        return out.toByteArray();
    }

    /** A state dict below the top level: torch saves those as OrderedDicts. */
    private record OrderedDict(Map<?, ?> items) {}

    /** A tensor's storage, saved by reference (pickle's persistent id) as record {@code key} of the archive. */
    private record StorageRecord(Tensor tensor, String key) {}

    /** The storage's class (torch.FloatStorage, ...), which the persistent id names as a bare global. */
    private record StorageClass(DType dtype) {}

    private static Object nested(Object v, boolean top) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, nested(x, false)));
            return top ? copy : new OrderedDict(copy);
        }
        if (v instanceof List<?> items) {
            return items.stream().map(x -> nested(x, false)).toList();
        }
        if (v == null || !(v instanceof Number || v instanceof String || v instanceof Tensor)) {
            throw new IllegalArgumentException("cannot save a " + (v == null ? "null" : v.getClass().getName()));
        }
        return v;
    }

    /*
     * Three shapes the library's Pickler has no form for, written as Python's pickler writes them: a bare
     * GLOBAL (the storage class), OrderedDict's reduce followed by its items (SETITEMS), and a tensor as
     * torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks).
     */
    private static void global(OutputStream out, String module, String name) throws IOException {
        out.write('c');
        out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void orderedDict(OrderedDict d, OutputStream out, Pickler p) throws IOException {
        global(out, "collections", "OrderedDict");
        out.write(')');
        out.write('R');
        if (!d.items().isEmpty()) {
            out.write('(');
            for (Map.Entry<?, ?> e : d.items().entrySet()) {
                p.save(e.getKey());
                p.save(e.getValue());
            }
            out.write('u');
        }
    }

    /** A contiguous tensor over the next storage record, offset 0. */
    private static void tensor(Tensor t, List<Tensor> tensors, OutputStream out, Pickler p) throws IOException {
        String key = String.valueOf(tensors.size());
        tensors.add(t);
        long[] shape = t.shape();
        Object[] size = new Object[shape.length];
        Object[] stride = new Object[shape.length];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            size[i] = shape[i];
            stride[i] = s;
            s *= shape[i];
        }
        global(out, "torch._utils", "_rebuild_tensor_v2");
        p.save(new Object[] {new StorageRecord(t, key), 0L, size, stride, false, new OrderedDict(Map.of())});
        out.write('R');
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
