package io.lipsync.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads a file written by torch.save (zip layout): the pickle in {@code <root>/data.pkl} gives the
 * object tree, each tensor storage is the raw entry {@code <root>/data/<key>}, mapped, not copied.
 * Dicts come back as {@link Map}, tensors as {@link TensorData}.
 */
public final class TorchCheckpointReader {

    /** A storage class named in the pickle (torch.FloatStorage, ...): only its dtype matters. */
    private record StorageType(DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new PickleException("storage types are never called in a checkpoint");
        }
    }

    /** collections.OrderedDict; torch attaches {@code _metadata} to state dicts as pickled state, ignored here. */
    public static final class OrderedDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;

        public void __setstate__(HashMap<?, ?> state) {
            // Only version metadata of submodules lives here; weights are the entries themselves.
        }
    }

    /**
     * A storage resolved through persistent_load: a typed view of one archive entry, or (legacy files) of
     * the bytes that follow the pickle, known only once the pickle has been read.
     */
    private static final class Storage {
        final DType dtype;
        ByteBuffer bytes;

        Storage(DType dtype, ByteBuffer bytes) {
            this.dtype = dtype;
            this.bytes = bytes;
        }

        DType dtype() {
            return dtype;
        }

        ByteBuffer bytes() {
            if (bytes == null) {
                throw new PickleException("a tensor's storage is missing from the file");
            }
            return bytes;
        }
    }

    static {
        for (String s : List.of("FloatStorage", "HalfStorage", "BFloat16Storage", "DoubleStorage", "LongStorage",
                "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage")) {
            Unpickler.registerConstructor("torch", s, new StorageType(DType.ofTorchStorage(s)));
        }
        Unpickler.registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchCheckpointReader::rebuildTensor);
        Unpickler.registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
        Unpickler.registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
    }

    private TorchCheckpointReader() {}

    /** True when the file starts like a zip archive (the format torch.save has used since 1.6). */
    public static boolean looksLikeTorchZip(ByteBuffer head) {
        return head.remaining() >= 4 && head.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == 0x04034b50;
    }

    public static Object read(Path file) throws IOException {
        try (ZipIndex zip = new ZipIndex(file)) {
            String pickleEntry = null;
            for (String name : zip.names()) {
                if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                    pickleEntry = name;
                    break;
                }
            }
            if (pickleEntry == null) {
                throw new CheckpointException(file.getFileName() + " is a zip file but not a PyTorch checkpoint "
                        + "(no data.pkl inside)", "check that you gave the right file");
            }
            String root = pickleEntry.substring(0, pickleEntry.length() - "data.pkl".length());
            ByteBuffer pickle = zip.map(pickleEntry);
            Map<String, Storage> storages = new HashMap<>();
            Unpickler unpickler = withStorages((key, dtype) -> storages.computeIfAbsent(key, k -> {
                try {
                    return new Storage(dtype, zip.map(root + "data/" + k));
                } catch (IOException e) {
                    throw new PickleException("cannot read storage " + k + ": " + e.getMessage());
                }
            }));
            try (InputStream in = new ByteBufferInputStream(pickle)) {
                return unpickler.load(in);
            } catch (PickleException | ClassCastException e) {
                throw new CheckpointException("cannot parse the pickle inside " + file.getFileName() + ": "
                        + e.getMessage(), "the file is damaged or was not written by torch.save; download it again", e);
            } catch (StackOverflowError e) {
                // A hostile pickle can nest values (say, a list as a dict key) deeper than any stack.
                throw new CheckpointException("the pickle inside " + file.getFileName() + " nests too deeply to be a "
                        + "checkpoint", "use a file written by torch.save; this one was crafted or damaged");
            }
        }
    }

    /** An unpickler that hands each storage torch.save references (its persistent id) to {@code storage}. */
    private static Unpickler withStorages(BiFunction<String, DType, Storage> storage) {
        return new Unpickler() {
            @Override
            protected Object persistentLoad(Object pid) {
                Object[] t = (Object[]) pid;
                if (t.length < 5 || !"storage".equals(t[0]) || !(t[1] instanceof StorageType type)) {
                    throw new PickleException("unsupported persistent id in checkpoint");
                }
                return storage.apply(String.valueOf(t[2]), type.dtype());
            }
        };
    }

    /** The number torch.save's legacy (pre-1.6) format starts with, pickled. */
    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);

    /**
     * Reads torch.save's legacy format (torchvision's vgg16-397923af.pth, lpips' weights): pickles of the
     * magic number, the protocol version and system info, then the object tree (storages by key), then the
     * list of storage keys, then each storage as an int64 element count and its raw bytes.
     */
    public static Object readLegacy(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            ByteBuffer all = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            ByteBufferInputStream in = new ByteBufferInputStream(all);
            Map<String, Storage> storages = new LinkedHashMap<>();
            Unpickler plain = new Unpickler();
            Unpickler tree = withStorages((key, dtype) -> storages.computeIfAbsent(key, k -> new Storage(dtype, null)));
            try {
                Object magic = plain.load(in);
                if (!(magic instanceof Number n) || !new java.math.BigInteger(n.toString()).equals(LEGACY_MAGIC)) {
                    throw new CheckpointException(file.getFileName() + " is not a PyTorch checkpoint",
                            "check that you gave the right file");
                }
                plain.load(in);
                plain.load(in);
                Object root = tree.load(in);
                for (Object key : (List<?>) plain.load(in)) {
                    Storage storage = storages.get(String.valueOf(key));
                    long numel = in.buffer.getLong();
                    long bytes = numel * (storage == null ? 1 : storage.dtype().bytes);
                    if (storage == null || bytes > in.buffer.remaining()) {
                        throw new PickleException("storage " + key + " does not match the file");
                    }
                    storage.bytes = in.buffer.slice(in.buffer.position(), (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
                    in.buffer.position(in.buffer.position() + (int) bytes);
                }
                return root;
            } catch (PickleException | ClassCastException | java.nio.BufferUnderflowException | IOException e) {
                throw new CheckpointException("cannot parse " + file.getFileName() + " (legacy torch.save format): "
                        + e.getMessage(), "the file is damaged; download it again", e);
            } catch (StackOverflowError e) {
                throw new CheckpointException("the pickle inside " + file.getFileName() + " nests too deeply to be a "
                        + "checkpoint", "use a file written by torch.save; this one was crafted or damaged");
            }
        }
    }

    /** torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]). */
    private static Object rebuildTensor(Object[] args) {
        Storage storage = (Storage) args[0];
        long offset = ((Number) args[1]).longValue();
        long[] shape = TensorData.requireShape(longs(args[2]));
        long[] stride = longs(args[3]);
        if (offset < 0 || stride.length != shape.length || java.util.Arrays.stream(stride).anyMatch(x -> x < 0)) {
            throw new PickleException("a tensor's offset or strides are negative or do not match its shape");
        }
        DType dtype = storage.dtype();
        long numel = TensorData.numel(shape);
        if (storage.bytes == null) {
            return TensorData.lazy(dtype, shape, () -> ((TensorData) rebuildTensor(args)).bytes());
        }
        if (isContiguous(shape, stride)) {
            long start = offset * dtype.bytes;
            long end = start + numel * dtype.bytes;
            if (end > storage.bytes().capacity()) {
                throw new PickleException("tensor reaches past its storage");
            }
            ByteBuffer slice = storage.bytes().duplicate().position((int) start).limit((int) end);
            return new TensorData(dtype, shape, slice);
        }
        return TensorData.lazy(dtype, shape, () -> copyStrided(storage, offset, shape, stride));
    }

    private static boolean isContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    private static ByteBuffer copyStrided(Storage storage, long offset, long[] shape, long[] stride) {
        int elem = storage.dtype().bytes;
        long numel = TensorData.numel(shape);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(numel * elem)).order(ByteOrder.LITTLE_ENDIAN);
        long[] index = new long[shape.length];
        byte[] element = new byte[elem];
        for (long n = 0; n < numel; n++) {
            long src = offset;
            for (int d = 0; d < shape.length; d++) {
                src += index[d] * stride[d];
            }
            storage.bytes().get(Math.toIntExact(src * elem), element);
            out.put(element);
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out.flip();
    }

    private static long[] longs(Object tuple) {
        Object[] t = (Object[]) tuple;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = ((Number) t[i]).longValue();
        }
        return out;
    }

    /** Streams a (mapped) buffer without copying it to the heap. */
    private static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buffer;

        ByteBufferInputStream(ByteBuffer buffer) {
            this.buffer = buffer.duplicate().order(buffer.order());
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!buffer.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
