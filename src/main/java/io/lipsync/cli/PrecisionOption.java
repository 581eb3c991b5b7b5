package io.lipsync.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import io.lipsync.training.Precision;
import io.lipsync.util.UserError;
import picocli.CommandLine.Option;

/**
 * {@code --precision} for rendering. Upstream renders in float16 on a CUDA GPU of compute capability 8 or more
 * (Ampere and later) and in float32 elsewhere; auto does the same.
 */
final class PrecisionOption {
    @Option(names = "--precision", defaultValue = "auto", paramLabel = "auto|fp32|fp16",
            description = "arithmetic of the networks: fp16 runs matrix products and convolutions in float16 (norms "
                    + "and softmax in float32), half the memory traffic on a GPU; auto is fp16 on a CUDA GPU of "
                    + "compute capability 8 or more, as upstream, else fp32 (a CPU has no fast float16). "
                    + "Default: ${DEFAULT-VALUE}")
    String name = "auto";

    /** The low precision of the networks' matrix products on {@code device}, or null for float32 throughout. */
    DataType resolve(Device device) {
        return resolve(name, device.isGpu() ? CudaUtils.getComputeCapability(device.getDeviceId()) : null);
    }

    /** {@code capability}: the GPU's CUDA compute capability as CUDA writes it ("86" for 8.6), null on a CPU. */
    static DataType resolve(String name, String capability) {
        return switch (name) {
            case "auto" -> capability != null && major(capability) > 7 ? DataType.FLOAT16 : null;
            case "fp32", "fp16" -> Precision.parse(name).autocast();
            default -> throw new UserError("--precision must be auto, fp32 or fp16, not '" + name + "'");
        };
    }

    private static int major(String capability) {
        int dot = capability.indexOf('.');
        return dot >= 0 ? Integer.parseInt(capability.substring(0, dot)) : Integer.parseInt(capability) / 10;
    }
}
