package io.lipsync.cli;

import io.lipsync.util.Threads;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lipsync} command line. */
@Command(name = "lipsync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Lip-syncs video clips to a voice track with a Java re-implementation of LatentSync.", ""},
        subcommands = {RenderCommand.class, DaemonCommand.class, PluginCommand.class, ParityCommand.class, ModelsCommand.class, BenchCommand.class,
                DataCommand.class, TrainCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Threads.configure(Threads.count());
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // Descriptions are written for 100 columns; a narrower terminal wraps them at its own width.
        cli.setUsageHelpWidth(110);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
