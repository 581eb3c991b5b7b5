package io.lipsync.util;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Ctrl-C or SIGTERM while a command works. The JVM answers a stop signal by running its shutdown hooks and
 * then exiting, and the exit destroys libtorch's and ONNX Runtime's static state: a thread still inside one
 * of them at that moment crashes the process (a JVM fatal-error report and file instead of a clean stop).
 * So, while a {@link #guard guarded} command runs, the stop hook asks its work to stop and holds the exit
 * until the work has returned, out of native code. Work that may be abandoned stops at its next
 * {@link #check}, which the networks' blocks and the per-frame loops call; a training run finishes its step
 * and saves (it asks {@link #requested}).
 */
public final class Stopping {
    /**
     * How a command answers a stop: what it prints (null: nothing, the command speaks for itself), whether
     * {@link #check} throws, how long the exit waits.
     */
    public record Policy(String notice, boolean abandon, Duration grace) {
        /** Work whose partial results are thrown away: it stops at the next check point. */
        public static final Policy ABANDON = new Policy("stopping ...", true, Duration.ofSeconds(30));
        /** Work that must not be lost (it saves first): it is asked, not interrupted. */
        public static Policy finishing(String notice) {
            return new Policy(notice, false, Duration.ofMinutes(10));
        }
    }

    /** Thrown by {@link #check} once a stop was asked for: the command unwinds, its cleanup runs, status 130. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped (Ctrl-C or SIGTERM)");
        }
    }

    private static volatile boolean requested;
    private static volatile Policy policy;

    private Stopping() {}

    /** True once a stop signal came while a guarded command ran. */
    public static boolean requested() {
        return requested;
    }

    /** Asks the guarded work to stop as a stop signal would, for a stop of the program's own (OBS went away). */
    public static void request() {
        requested = true;
    }

    /** Throws {@link Stopped} when a stop was asked for and the running command may be abandoned. */
    public static void check() {
        Policy p = policy;
        if (requested && p != null && p.abandon()) {
            throw new Stopped();
        }
    }

    /**
     * Runs {@code work} under {@code how}: a stop signal meanwhile prints its notice on {@code say} and keeps the
     * JVM from exiting until the work has returned (at most the policy's grace). One command runs at a time.
     */
    public static <T> T guard(Policy how, Consumer<String> say, Callable<T> work) throws Exception {
        policy = how;
        // A request that outlived an earlier command in this JVM (tests run several) is not this one's.
        requested = false;
        CountDownLatch returned = new CountDownLatch(1);
        Thread hook = new Thread(() -> hold(say, returned), "lipsync-stop");
        boolean hooked = register(hook);
        try {
            return work.call();
        } catch (Exception e) {
            if (causedByStop(e)) {
                say.accept("stopped");
            }
            throw e;
        } finally {
            returned.countDown();
            if (hooked) {
                unregister(hook);
            }
            policy = null;
        }
    }

    /** The hook's part: ask, say so, and wait for the work (the exit goes on when the hook returns). */
    private static void hold(Consumer<String> say, CountDownLatch returned) {
        Policy how = policy;
        requested = true;
        if (how == null) {
            return;
        }
        if (how.notice() != null) {
            say.accept(how.notice());
        }
        try {
            if (!returned.await(how.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                say.accept("still working after " + how.grace().toSeconds() + " s; ending anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when {@code e}, or what it wraps, is a {@link Stopped}. */
    public static boolean causedByStop(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Stopped) {
                return true;
            }
        }
        return false;
    }

    private static boolean register(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            requested = true;
            return false;
        }
    }

    private static void unregister(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the work has
        }
    }
}
