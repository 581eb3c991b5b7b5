package io.lipsync.cli;

import io.lipsync.checkpoint.CheckpointException;
import picocli.CommandLine;

/** Turns expected failures into one clear message and exit status 1; anything else keeps its trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof CheckpointException ce) {
            cli.getErr().println("error: " + ce.userMessage());
            return 1;
        }
        if (e instanceof UserException || e instanceof IllegalArgumentException
                || e instanceof io.lipsync.modelfiles.DownloadException || e instanceof io.lipsync.media.MediaException) {
            cli.getErr().println("error: " + e.getMessage());
            return 1;
        }
        throw new RuntimeException(e);
    }
}
