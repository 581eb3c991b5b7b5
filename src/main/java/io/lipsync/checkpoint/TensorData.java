package io.lipsync.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One stored tensor: its dtype, shape and little-endian bytes in row-major order.
 * The bytes usually are a slice of a memory-mapped file, so nothing is read until used.
 */
public record TensorData(DType dtype, long[] shape, ByteBuffer bytes) {

    public TensorData {
        bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = numel(shape) * dtype.bytes;
        if (bytes.remaining() != expected) {
            throw new CheckpointException("tensor of shape " + Arrays.toString(shape) + " needs " + expected
                    + " bytes but the file holds " + bytes.remaining(), "the file is damaged; download it again");
        }
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
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
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

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
