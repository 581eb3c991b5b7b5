package io.lipsync.cli;

import io.lipsync.kernels.KernelStartup;
import io.lipsync.util.Stopping;
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
    /** The commands whose work Ctrl-C may abandon (see Stopping); train saves first, the daemon journals its jobs. */
    private static final Set<String> ABANDONABLE = Set.of("render", "parity", "bench", "data", "eval");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ProcessSettings.apply();
        Threads.configure(Threads.count());
        System.exit(commandLine(args).execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionStrategy(parse -> checkKernels(parse, args).orElseGet(() -> execute(parse)));
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(Main::usageError);
        versionEverywhere(cli);
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::commandList);
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

    /** Runs the command; one that may be abandoned does so under Stopping, so Ctrl-C never exits mid-kernel. */
    private static int execute(CommandLine.ParseResult parse) {
        CommandLine.RunLast command = new CommandLine.RunLast();
        if (!parse.hasSubcommand() || !ABANDONABLE.contains(parse.subcommand().commandSpec().name())) {
            return command.execute(parse);
        }
        try {
            return Stopping.guard(Stopping.Policy.ABANDON, System.err::println, () -> command.execute(parse));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command line that does not parse: one line and where help is, exit 2 (not the whole usage). */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("error: " + e.getMessage());
        cli.getErr().println("try '" + cli.getCommandSpec().qualifiedName() + " --help'");
        return 2;
    }

    /** Every command answers -V/--version with the one version (see Version), where it has the option. */
    private static void versionEverywhere(CommandLine cli) {
        cli.getCommandSpec().versionProvider(new Version());
        cli.getSubcommands().values().forEach(Main::versionEverywhere);
    }

    /** The root's list of commands, each with its description's first sentence, whole. */
    private static String commandList(CommandLine.Help help) {
        StringBuilder out = new StringBuilder();
        help.subcommands().forEach((name, sub) -> out.append(String.format("  %-9s %s%n", name,
                firstSentence(sub.commandSpec().usageMessage().description()))));
        return out.toString();
    }

    /** The description's lines up to the first that ends a sentence (or opens a list with ':'), cut at its first '. '. */
    static String firstSentence(String[] lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            String l = line.replace("%n", " ").strip();
            text.append(text.length() > 0 && !l.isEmpty() ? " " : "").append(l);
            if (l.endsWith(".") || l.endsWith(":")) {
                break;
            }
        }
        String t = text.toString().strip();
        int end = t.indexOf(". ");
        t = end < 0 ? t : t.substring(0, end + 1);
        return t.endsWith(":") ? t.substring(0, t.length() - 1) + "." : t;
    }

    /** {@code lipsync} alone: the usage, on the error stream, and the usage-error status. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new NoCommand();
    }

    /** Thrown when no command was given, so that the exit status says so. */
    static final class NoCommand extends RuntimeException {
        NoCommand() {
            super("no command given");
        }
    }
}
