package io.lipsync.util;

/**
 * A failure the user can fix: what is wrong, and what to do about it. Every command catches it once and
 * prints one line, without a stack trace; anything else that escapes (IllegalArgumentException among
 * them) is a bug and keeps its trace.
 */
public class UserError extends RuntimeException {
    private final String remedy;

    public UserError(String problem) {
        this(problem, null, null);
    }

    public UserError(String problem, String remedy) {
        this(problem, remedy, null);
    }

    public UserError(String problem, String remedy, Throwable cause) {
        super(problem, cause);
        this.remedy = remedy;
    }

    public String problem() {
        return getMessage();
    }

    /** What to do, or null where the problem says it already. */
    public String remedy() {
        return remedy;
    }

    /** One paragraph for the user: the problem, then the fix. */
    public String userMessage() {
        return getMessage() + (remedy == null || remedy.isEmpty() ? "" : ". What to do: " + remedy + ".");
    }
}
