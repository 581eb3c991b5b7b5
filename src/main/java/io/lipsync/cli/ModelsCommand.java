package io.lipsync.cli;

import picocli.CommandLine.Command;

/** {@code lipsync models}: checkpoint download and verification. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Downloads and verifies the model checkpoints.",
        subcommands = {})
final class ModelsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
