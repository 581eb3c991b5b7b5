package io.lipsync.cli;

/** A failure the user can fix, reported as one sentence without a stack trace. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }
}
