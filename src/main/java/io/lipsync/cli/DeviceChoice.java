package io.lipsync.cli;

import ai.djl.engine.Engine;

/** Validates --device: cpu always works; cuda needs a CUDA build of libtorch that sees a GPU. */
final class DeviceChoice {
    private DeviceChoice() {}

    static void check(String device) {
        switch (device) {
            case "cpu" -> { }
            case "cuda" -> {
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new UserException("--device cuda: DJL sees no CUDA GPU; install a CUDA build of libtorch "
                            + "(see README, GPU) or use --device cpu");
                }
                throw new UserException("--device cuda is not wired into the render path yet; use --device cpu");
            }
            default -> throw new UserException("--device must be cpu or cuda, not '" + device + "'");
        }
    }
}
