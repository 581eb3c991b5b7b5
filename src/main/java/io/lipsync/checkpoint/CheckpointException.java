package io.lipsync.checkpoint;

import io.lipsync.util.UserError;

/** A checkpoint that cannot be used, with what is wrong and what the user can do about it. */
public class CheckpointException extends UserError {
    public CheckpointException(String problem, String remedy) {
        super(problem, remedy);
    }

    public CheckpointException(String problem, String remedy, Throwable cause) {
        super(problem, remedy, cause);
    }
}
