package io.lipsync.cli;

import picocli.CommandLine.Command;

/** {@code lipsync bench}: speed and memory figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures speed and memory.",
        subcommands = {})
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
