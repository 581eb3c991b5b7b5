package io.lipsync.cli;

import io.lipsync.util.Stopping;
import io.lipsync.util.UserError;
import picocli.CommandLine;

/**
 * Turns a {@link UserError} into one line: exit status 2 with where help is when it names an option (its
 * message starts with the option, "--steps must be ..."), 1 otherwise. Anything else is a bug and keeps its
 * trace. A stop that unwound the command ends with status 130 (Ctrl-C) or 143 (SIGTERM).
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof Main.NoCommand) {
            return 2;
        }
        if (Stopping.causedByStop(e)) {
            // Stopping said so.
            return Stopping.stopStatus();
        }
        if (e instanceof UserError u) {
            cli.getErr().println("error: " + u.userMessage());
            if (u.problem().startsWith("--")) {
                cli.getErr().println("try '" + cli.getCommandSpec().qualifiedName() + " --help'");
                return 2;
            }
            return 1;
        }
        throw new RuntimeException(e);
    }
}
