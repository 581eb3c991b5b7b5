package io.lipsync.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.lipsync.training.Precision;
import picocli.CommandLine.Option;

/** {@code --precision} for rendering: upstream renders in float16 on CUDA and in float32 elsewhere. */
final class PrecisionOption {
    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|fp16",
            description = "arithmetic of the networks: fp16 runs matrix products and convolutions in float16 (norms "
                    + "and softmax in float32), half the memory traffic on a GPU; auto is fp16 on CUDA, as upstream, "
                    + "and fp32 on the CPU (which has no fast float16). Default: ${DEFAULT-VALUE}")
    String name = "auto";

    /** The low precision of the networks' matrix products on {@code device}, or null for float32 throughout. */
    DataType resolve(Device device) {
        if (name.equals("auto")) {
            return device.isGpu() ? DataType.FLOAT16 : null;
        }
        return Precision.parse(name).autocast();
    }
}
