package io.lipsync.cli;

import io.lipsync.kernels.KernelStartup;
import io.lipsync.util.Threads;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lipsync} command line. */
@Command(name = "lipsync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Lip-syncs video clips to a voice track with a Java re-implementation of LatentSync.", ""},
        subcommands = {RenderCommand.class, DaemonCommand.class, PluginCommand.class, DoctorCommand.class, ParityCommand.class,
                ModelsCommand.class, BenchCommand.class,
                DataCommand.class, TrainCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The commands that run networks, and so need right kernels. */
    private static final Set<String> MODEL_COMMANDS = Set.of("render", "daemon", "parity", "bench", "data", "train", "eval", "doctor");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        Threads.configure(Threads.count());
        System.exit(commandLine(args).execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionStrategy(parse -> checkKernels(parse, args).orElseGet(() -> new CommandLine.RunLast().execute(parse)));
        cli.setExecutionExceptionHandler(new ErrorHandler());
        // Descriptions are written for 100 columns; a narrower terminal wraps them at its own width.
        cli.setUsageHelpWidth(110);
        cli.setUsageHelpAutoWidth(true);
        return cli;
    }

    /**
     * Before a command that runs the networks: the kernel self-check and its decision (see kernels). Help
     * and the commands that only move files need no check.
     */
    private static Optional<Integer> checkKernels(CommandLine.ParseResult parse, String[] args) {
        CommandLine.ParseResult leaf = parse;
        while (leaf.hasSubcommand()) {
            if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested()) {
                return Optional.empty();
            }
            leaf = leaf.subcommand();
        }
        if (leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested() || !parse.hasSubcommand()
                || !MODEL_COMMANDS.contains(parse.subcommand().commandSpec().name())) {
            return Optional.empty();
        }
        int threads = leaf.hasMatchedOption("--threads") ? leaf.matchedOptionValue("--threads", Threads.count())
                : Threads.count();
        return threads < 1 ? Optional.empty() : KernelStartup.prepare(threads, Main.class.getName(), args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
