package io.lipsync.checkpoint;

import java.util.Locale;

/** Element types that checkpoints store; names follow safetensors, sizes in bytes. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public boolean isFloat() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** Maps a safetensors dtype string ("F32", "BF16", ...). */
    public static DType ofSafetensors(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("unsupported tensor dtype '" + name + "'",
                    "convert the file to float32, float16 or bfloat16");
        }
    }

    /** Maps a PyTorch storage class name ("FloatStorage", "HalfStorage", ...). */
    public static DType ofTorchStorage(String storageClass) {
        return switch (storageClass) {
            case "FloatStorage" -> F32;
            case "HalfStorage" -> F16;
            case "BFloat16Storage" -> BF16;
            case "DoubleStorage" -> F64;
            case "LongStorage" -> I64;
            case "IntStorage" -> I32;
            case "ShortStorage" -> I16;
            case "CharStorage" -> I8;
            case "ByteStorage" -> U8;
            case "BoolStorage" -> BOOL;
            default -> throw new CheckpointException("unsupported storage type torch." + storageClass,
                    "re-save the checkpoint with float32, float16 or bfloat16 weights");
        };
    }
}
