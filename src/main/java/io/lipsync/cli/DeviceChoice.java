package io.lipsync.cli;

import io.lipsync.util.UserError;
import ai.djl.Device;
import ai.djl.engine.Engine;

/** Resolves --device: cpu always works; cuda needs a CUDA build of libtorch that sees a GPU (untested here). */
final class DeviceChoice {
    private DeviceChoice() {}

    static Device resolve(String device) {
        return switch (device) {
            case "cpu" -> Device.cpu();
            case "cuda" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new UserError("--device cuda: DJL sees no CUDA GPU; install a CUDA build of libtorch "
                            + "(see README, GPU) or use --device cpu");
                }
                yield Device.gpu();
            }
            default -> throw new UserError("--device must be cpu or cuda, not '" + device + "'");
        };
    }
}
