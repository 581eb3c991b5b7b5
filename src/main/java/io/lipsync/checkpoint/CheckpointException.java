package io.lipsync.checkpoint;

/** A checkpoint that cannot be used, with what is wrong and what the user can do about it. */
public class CheckpointException extends RuntimeException {
    private final String remedy;

    public CheckpointException(String problem, String remedy) {
        super(problem);
        this.remedy = remedy;
    }

    public CheckpointException(String problem, String remedy, Throwable cause) {
        super(problem, cause);
        this.remedy = remedy;
    }

    /** One paragraph for the user: the problem, then the fix. */
    public String userMessage() {
        return getMessage() + (remedy == null || remedy.isEmpty() ? "" : ". What to do: " + remedy + ".");
    }
}
