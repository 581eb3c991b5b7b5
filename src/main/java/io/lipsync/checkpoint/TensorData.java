package io.lipsync.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One stored tensor: its dtype, shape and little-endian bytes in row-major order. The bytes are a slice
 * of a memory-mapped file, or (for a strided view) copied out only when first asked for, so reading
 * keys and shapes allocates nothing.
 */
public final class TensorData {
    private final DType dtype;
    private final long[] shape;
    private Supplier<ByteBuffer> source;
    private ByteBuffer bytes;

    public TensorData(DType dtype, long[] shape, ByteBuffer bytes) {
        this.dtype = dtype;
        this.shape = requireShape(shape).clone();
        this.bytes = checked(bytes);
    }

    private TensorData(DType dtype, long[] shape, Supplier<ByteBuffer> source) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.source = source;
    }

    /** A tensor whose row-major bytes are produced on first use. */
    public static TensorData lazy(DType dtype, long[] shape, Supplier<ByteBuffer> source) {
        return new TensorData(dtype, requireShape(shape), source);
    }

    /** float32 values in row-major order. */
    public static TensorData ofFloats(float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new TensorData(DType.F32, shape, b);
    }

    private ByteBuffer checked(ByteBuffer b) {
        ByteBuffer slice = b.slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = numel(shape) * dtype.bytes;
        if (slice.remaining() != expected) {
            throw new CheckpointException("tensor of shape " + Arrays.toString(shape) + " needs " + expected
                    + " bytes but the file holds " + slice.remaining(), "the file is damaged; download it again");
        }
        return slice;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The row-major little-endian bytes. */
    public synchronized ByteBuffer bytes() {
        if (bytes == null) {
            bytes = checked(source.get());
            source = null;
        }
        return bytes;
    }

    /**
     * A shape a file may declare: no negative side (two of them multiply to a plausible byte count), and
     * no more elements than a long holds.
     */
    public static long[] requireShape(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new CheckpointException("a tensor of shape " + Arrays.toString(shape) + " has a negative side: "
                        + "the file is damaged or not a LatentSync checkpoint", "download it again");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new CheckpointException("a tensor of shape " + Arrays.toString(shape) + " is larger than any "
                        + "file: the file is damaged or not a LatentSync checkpoint", "download it again");
            }
        }
        return shape;
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public long numel() {
        return numel(shape);
    }

    /** The values widened to float32 (fp16 and bf16 are converted here, in Java). */
    public float[] toFloats() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
                }
            }
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case I64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getLong(8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            default -> throw new CheckpointException("cannot use a " + dtype + " tensor as floating point weights",
                    "use a checkpoint with float32, float16 or bfloat16 weights");
        }
        return out;
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float magnitude = mant * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
