package io.lipsync.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.lipsync.util.UserError;
import picocli.CommandLine.Option;

/** {@code --device}, for every command that runs a network: cuda needs a CUDA build of libtorch (untested here). */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda",
            description = "where the networks run: auto takes the first CUDA GPU when libtorch sees one, else the "
                    + "CPU. Face detection runs on the CPU either way. Default: ${DEFAULT-VALUE}")
    String name = "auto";

    /** The device asked for, checked against the GPUs libtorch sees. */
    Device resolve() {
        return resolve(name, Engine.getInstance().getGpuCount());
    }

    static Device resolve(String name, int gpus) {
        return switch (name) {
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "cuda" -> {
                if (gpus == 0) {
                    throw new UserError("--device cuda: libtorch sees no CUDA GPU; install a CUDA build of libtorch "
                            + "(see README, GPU), or use --device cpu");
                }
                yield Device.gpu();
            }
            default -> throw new UserError("--device must be auto, cpu or cuda, not '" + name + "'");
        };
    }
}
