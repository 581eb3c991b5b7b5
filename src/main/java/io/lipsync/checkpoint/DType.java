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

    private static final String[][] TORCH_STORAGES = {
        {"FloatStorage", "F32"}, {"HalfStorage", "F16"}, {"BFloat16Storage", "BF16"}, {"DoubleStorage", "F64"},
        {"LongStorage", "I64"}, {"IntStorage", "I32"}, {"ShortStorage", "I16"}, {"CharStorage", "I8"},
        {"ByteStorage", "U8"}, {"BoolStorage", "BOOL"}};

    /** Maps a PyTorch storage class name ("FloatStorage", "HalfStorage", ...). */
    public static DType ofTorchStorage(String storageClass) {
        for (String[] pair : TORCH_STORAGES) {
            if (pair[0].equals(storageClass)) {
                return valueOf(pair[1]);
            }
        }
        throw new CheckpointException("unsupported storage type torch." + storageClass,
                "re-save the checkpoint with float32, float16 or bfloat16 weights");
    }

    /** The PyTorch storage class that holds this type, as torch.save names it. */
    public String torchStorage() {
        for (String[] pair : TORCH_STORAGES) {
            if (pair[1].equals(name())) {
                return pair[0];
            }
        }
        throw new IllegalStateException(this + " has no torch storage");
    }
}
