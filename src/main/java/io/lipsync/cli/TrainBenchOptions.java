package io.lipsync.cli;

import io.lipsync.training.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the training benchmarks share: how many steps to time, the step's memory and precision choices, the device. */
final class TrainBenchOptions {
    @Option(names = "--steps", defaultValue = "1", description = "timed steps after a warm-up step. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--gradient-checkpointing", description = "recompute block activations in the backward pass")
    boolean checkpointing;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|fp16", description = "Default: ${DEFAULT-VALUE}")
    String precision;

    @Mixin
    DeviceOption device = new DeviceOption();

    Precision precision() {
        return Precision.parse(precision);
    }
}
