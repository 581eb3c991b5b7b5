package io.lipsync.cli;

import io.lipsync.util.UserError;
import picocli.CommandLine;

/** Turns a {@link UserError} into one line and exit status 1; anything else is a bug and keeps its trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof UserError u) {
            cli.getErr().println("error: " + u.userMessage());
            return 1;
        }
        throw new RuntimeException(e);
    }
}
