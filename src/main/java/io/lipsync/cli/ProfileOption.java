package io.lipsync.cli;

import io.lipsync.bench.OpProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --profile} of the benchmarks: where libtorch's trace goes, and the tables printed from it. */
final class ProfileOption {
    @Option(names = "--profile", description = "run under libtorch's profiler and print where the time goes: by module "
            + "(the U-Net's blocks, and its resnets, attentions and motion modules; VAE encode and decode; Whisper) "
            + "and by kind of op (convolution, linear layers, attention, softmax, norms, layout copies, elementwise), "
            + "as shares of the wall time, with the GFLOP/s of convolutions, linear layers and attention against one "
            + "large matmul here. The trace is kept for chrome://tracing or https://ui.perfetto.dev. bench chunk "
            + "profiles stage by stage and step by step (one trace of a whole full-size chunk outgrows memory), "
            + "sums the parts and keeps no trace; its stage times then include the profiler's cost")
    boolean on;

    /** A fresh file for the trace, or null without --profile. */
    Path trace(String benchmark) throws IOException {
        return on ? Files.createTempFile("lipsync-" + benchmark + "-profile-", ".json") : null;
    }

    /** The profile's tables, when there is one. */
    void print(String what, OpProfile.Result result) {
        if (result != null) {
            System.out.print(what + " under the profiler" + (result.trace() == null ? ", part by part\n"
                    : " (trace: " + result.trace() + ")\n") + OpProfile.table(result));
        }
    }
}
