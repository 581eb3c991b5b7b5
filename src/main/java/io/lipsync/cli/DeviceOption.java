package io.lipsync.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import io.lipsync.util.UserError;
import picocli.CommandLine.Option;

/** {@code --device}, for every command that runs a network: cuda needs a CUDA build of libtorch (untested here). */
final class DeviceOption {
    private static final String CPU_BUILD = "libtorch sees no CUDA GPU although the CUDA driver reports one: the "
            + "loaded libtorch is a CPU build (see README, GPU: PYTORCH_LIBRARY_PATH)";

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "where the networks run: auto takes the first CUDA GPU when libtorch sees one, else the "
                    + "CPU. Face detection runs on the CPU either way. Default: ${DEFAULT-VALUE}")
    String name = "auto";

    /** The device chosen, and a line for the user when auto fell back to the CPU on a machine with a GPU. */
    record Choice(Device device, String note) {}

    /** The device asked for, checked against the GPUs libtorch sees; a fallback is said on stderr. */
    Device resolve() {
        Choice choice = resolve(name, Engine.getInstance().getGpuCount(), CudaUtils.hasCuda());
        if (choice.note() != null) {
            System.err.println("note: " + choice.note());
        }
        return choice.device();
    }

    /** {@code gpus}: the CUDA GPUs libtorch sees; {@code machineGpus}: whether the CUDA driver reports any. */
    static Choice resolve(String name, int gpus, boolean machineGpus) {
        return switch (name) {
            case "auto" -> gpus > 0 ? new Choice(Device.gpu(), null)
                    : new Choice(Device.cpu(), machineGpus ? CPU_BUILD + "; running on the CPU" : null);
            case "cpu" -> new Choice(Device.cpu(), null);
            case "cuda" -> {
                if (gpus == 0) {
                    throw new UserError("--device cuda: " + (machineGpus ? CPU_BUILD
                            : "this machine has no CUDA GPU (or no CUDA driver)"), "use --device cpu");
                }
                yield new Choice(Device.gpu(), null);
            }
            default -> throw new UserError("--device must be auto, cpu or cuda, not '" + name + "'");
        };
    }
}
