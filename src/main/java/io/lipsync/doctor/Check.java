package io.lipsync.doctor;

/**
 * One line of {@code lipsync doctor}: what was checked, what was found, and what to do when it is not
 * right. {@code forRender}: a render cannot run while this one fails.
 */
public record Check(String name, boolean ok, String found, String fix, boolean forRender) {
    public static Check ok(String name, String found) {
        return new Check(name, true, found, null, false);
    }

    public static Check fix(String name, String found, String fix, boolean forRender) {
        return new Check(name, false, found, fix, forRender);
    }

    /** {@code ok    name      found} or {@code fix   name      found: fix}. */
    public String line() {
        return String.format("%-5s %-10s %s", ok ? "ok" : "fix", name, ok ? found : found + "; " + fix);
    }
}
