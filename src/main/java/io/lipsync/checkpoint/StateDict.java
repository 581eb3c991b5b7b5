package io.lipsync.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors from a checkpoint file, found inside whatever wrapper the official files use
 * ({@code state_dict}, {@code model_state_dict}, or the dict itself), with a {@code module.} prefix removed.
 */
public final class StateDict {
    private final Map<String, TensorData> tensors;
    private final Map<String, Object> extras;

    private StateDict(Map<String, TensorData> tensors, Map<String, Object> extras) {
        this.tensors = tensors;
        this.extras = extras;
    }

    public static StateDict of(Map<String, TensorData> tensors) {
        return new StateDict(stripModulePrefix(tensors), Map.of());
    }

    /** Opens a .pt/.pth (torch.save zip, or its legacy format), a .safetensors file, or a diffusers folder. */
    public static StateDict load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return loadFolder(path);
            }
            if (!Files.exists(path)) {
                throw new CheckpointException("checkpoint " + path + " does not exist",
                        "run `lipsync models download`, or give the right path");
            }
            ByteBuffer head = readHead(path);
            if (TorchCheckpointReader.looksLikeTorchZip(head)) {
                return fromPickle(TorchCheckpointReader.read(path), path);
            }
            if (head.remaining() >= 2 && (head.get(0) & 0xff) == 0x80) {
                return fromPickle(TorchCheckpointReader.readLegacy(path), path);
            }
            if (head.remaining() == 0) {
                throw new CheckpointException(path.getFileName() + " is empty", "download the file again");
            }
            return of(SafetensorsReader.read(path));
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + path + " does not exist",
                    "run `lipsync models download`, or give the right path", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + path + ": " + e.getMessage(),
                    "check the file's permissions and the disk", e);
        }
    }

    private static StateDict loadFolder(Path dir) throws IOException {
        for (String name : new String[] {"diffusion_pytorch_model.safetensors", "model.safetensors",
                "diffusion_pytorch_model.bin", "pytorch_model.bin"}) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return load(f);
            }
        }
        throw new CheckpointException("folder " + dir + " holds no diffusion_pytorch_model.safetensors or .bin",
                "point to the VAE folder from stabilityai/sd-vae-ft-mse (config.json + weights)");
    }

    private static ByteBuffer readHead(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, 0);
            return b.flip();
        }
    }

    @SuppressWarnings("unchecked")
    private static StateDict fromPickle(Object root, Path path) {
        if (!(root instanceof Map<?, ?> top)) {
            throw new CheckpointException(path.getFileName() + " does not hold a dict of tensors",
                    "give a checkpoint saved from a state dict");
        }
        Map<String, Object> map = (Map<String, Object>) top;
        Map<String, Object> extras = new LinkedHashMap<>();
        Object inner = map;
        for (String wrapper : new String[] {"state_dict", "model_state_dict", "model", "module"}) {
            if (map.get(wrapper) instanceof Map<?, ?> m) {
                inner = m;
                map.forEach((k, v) -> {
                    if (!k.equals(wrapper)) {
                        extras.put(k, v);
                    }
                });
                break;
            }
        }
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) inner).entrySet()) {
            if (e.getValue() instanceof TensorData t) {
                tensors.put(e.getKey(), t);
            }
        }
        if (tensors.isEmpty()) {
            throw new CheckpointException(path.getFileName() + " holds no tensors",
                    "give a model checkpoint, not a config or optimizer file");
        }
        return new StateDict(stripModulePrefix(tensors), extras);
    }

    private static Map<String, TensorData> stripModulePrefix(Map<String, TensorData> tensors) {
        boolean all = !tensors.isEmpty() && tensors.keySet().stream().allMatch(k -> k.startsWith("module."));
        if (!all) {
            return Collections.unmodifiableMap(tensors);
        }
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k.substring("module.".length()), v));
        return Collections.unmodifiableMap(out);
    }

    public Map<String, TensorData> tensors() {
        return tensors;
    }

    public TensorData get(String key) {
        return tensors.get(key);
    }

    /** Entries beside the weights (e.g. {@code dims} of a Whisper file, {@code global_step}). */
    public Map<String, Object> extras() {
        return extras;
    }
}
