package io.lipsync.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import io.lipsync.checkpoint.SafetensorsWriter;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.checkpoint.TorchCheckpointWriter;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a parity fixture folder at the official size: a random-weight U-Net as {@code latentsync_unet.pt}
 * in the official layout ({state_dict, global_step}), the official config, one guided chunk's inputs, and
 * the output this engine computes from the same weights in float64. Running {@code lipsync parity} on it
 * measures the runner's memory on a 5 GB checkpoint and checks the float32 kernels at full size; the
 * golden is ours, not upstream's, and the case says so.
 */
public final class FullSizeFixture {
    private static final long SEED = 1247;

    private FullSizeFixture() {}

    public static void write(String configName, int frames, Path out, Consumer<String> log) throws IOException {
        UNetConfig cfg = UNetConfig.builtin(configName);
        Files.createDirectories(out);
        try (InputStream yaml = UNetConfig.class.getResourceAsStream(UNetConfig.resource(configName))) {
            Files.copy(yaml, out.resolve("unet.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        int latent = cfg.latentSize();
        try (NDManager m = NDManager.newBaseManager()) {
            UNet3D unet = new UNet3D(cfg);
            RandomWeights.fill(unet.params(), m, SEED);
            TorchCheckpointWriter.write(out.resolve("latentsync_unet.pt"), "latentsync_unet",
                    Map.of("state_dict", WeightLoader.stateDict(unet.params()), "global_step", 0));
            log.accept("wrote latentsync_unet.pt (" + Files.size(out.resolve("latentsync_unet.pt")) / (1 << 20)
                    + " MiB); RSS " + Memory.rssMiB() + " MiB");

            m.getEngine().setRandomSeed((int) SEED);
            NDArray sample = m.randomNormal(new Shape(2, cfg.blocks().inChannels(), frames, latent, latent));
            NDArray audio = m.randomNormal(new Shape(2L * frames, 50, cfg.attention().crossAttentionDim()));
            float timestep = 501f;
            unet.params().castTo(DataType.FLOAT64);
            long start = System.nanoTime();
            // The U-Net treats the samples of a batch independently: one at a time halves float64's memory.
            NDList outputs = new NDList();
            for (int b = 0; b < 2; b++) {
                String sampleRows = b + ":" + (b + 1);
                String audioRows = (b * frames) + ":" + ((b + 1) * frames);
                outputs.add(Ops.scoped(() -> unet.forward(sample.get(sampleRows).toType(DataType.FLOAT64, false),
                        timestep, audio.get(audioRows).toType(DataType.FLOAT64, false), null)
                        .toType(DataType.FLOAT32, false)));
            }
            NDArray golden = NDArrays.concat(outputs, 0);
            log.accept(String.format("float64 forward: %.0f s; peak RSS %d MiB", (System.nanoTime() - start) / 1e9,
                    Memory.peakRssMiB()));
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            tensors.put("sample", WeightLoader.fromEngine(sample));
            tensors.put("encoder_hidden_states", WeightLoader.fromEngine(audio));
            tensors.put("timestep", WeightLoader.fromEngine(m.create(new float[] {timestep})));
            tensors.put("out", WeightLoader.fromEngine(golden));
            SafetensorsWriter.write(out.resolve("unet_full_io.safetensors"), tensors);
        }
        Files.writeString(out.resolve("cases.json"), new GsonBuilder().setPrettyPrinting().create().toJson(Map.of(
                "generator_seed", SEED,
                "variant", "full-size " + configName + ", random weights, written by lipsync bench fixture",
                "cases", List.of(Map.of(
                        "name", "unet_full_" + configName + "_forward",
                        "kind", "unet_forward",
                        "inputs", Map.of("file", "unet_full_io.safetensors", "sample", "sample",
                                "encoder_hidden_states", "encoder_hidden_states", "timestep", "timestep",
                                "checkpoint", "latentsync_unet.pt", "config", "unet.yaml"),
                        "outputs", Map.of("out", "out"),
                        "config", Map.of("batch", 2, "frames", frames),
                        "tolerance", Map.of("rtol", 1e-4, "atol", 1e-4),
                        "notes", "golden computed by this engine in float64 from the same float32 weights: "
                                + "checks float32 kernels and the runner's memory at full size, not upstream")))));
        log.accept("wrote " + out.resolve("cases.json"));
    }
}
