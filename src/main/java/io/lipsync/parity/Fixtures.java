package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads the tensors and files a fixture folder's cases name. */
public final class Fixtures {
    private final Path dir;
    private final Map<Path, Map<String, TensorData>> files = new HashMap<>();

    public Fixtures(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    /** An input tensor: {@code name} in the case's inputs file, or {@code other.safetensors:name}. */
    public Tensor input(ParityCase c, String key) {
        return resolve(c.input(key), c.input("file"));
    }

    /** A golden output: in the case's {@code outputs_file} if it names one, else in its inputs file. */
    public Tensor golden(ParityCase c, String key) {
        if (isImage(c, key)) {
            try {
                return Images.png(dir.resolve(c.output(key)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The inference fixtures name it among the inputs, the training fixtures beside them.
        String file = c.outputsFile() != null ? c.outputsFile()
                : c.hasInput("outputs_file") ? c.input("outputs_file") : c.input("file");
        return resolve(c.output(key), file);
    }

    /** Image outputs name a PNG file and are compared in grey levels. */
    public static boolean isImage(ParityCase c, String key) {
        return c.output(key).endsWith(".png");
    }

    public NDArray inputArray(ParityCase c, String key, NDManager manager) {
        Tensor t = input(c, key);
        return manager.create(t.data(), new Shape(t.shape()));
    }

    private Tensor resolve(String ref, String defaultFile) {
        int colon = ref.indexOf(".safetensors:");
        String file = colon >= 0 ? ref.substring(0, colon + ".safetensors".length()) : defaultFile;
        String name = colon >= 0 ? ref.substring(colon + ".safetensors:".length()) : ref;
        Map<String, TensorData> tensors = files.computeIfAbsent(dir.resolve(file), p -> {
            try {
                return SafetensorsReader.read(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new UserError(file + " has no tensor '" + name + "'");
        }
        return new Tensor(t.toFloats(), t.shape());
    }

    public static Tensor toTensor(NDArray a) {
        return new Tensor(a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
                a.getShape().getShape());
    }
}
