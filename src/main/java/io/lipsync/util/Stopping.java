package io.lipsync.util;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C or SIGTERM while a command works. The JVM answers a stop signal by running every shutdown hook at
 * once and then exiting. Libraries hook in too: ONNX Runtime's releases its environment, and the exit
 * destroys libtorch's static state, so a thread still inside either at that moment crashes the process (a
 * JVM fatal-error report instead of a clean stop). So, while a {@link #guard guarded} command runs, SIGINT
 * and SIGTERM do not start the shutdown: they ask the work to stop, and the process exits once the work has
 * returned, out of native code (a stopped command ends with {@link #stopStatus}). A shutdown
 * hook holds other exits (SIGHUP, an exit called elsewhere) the same way, as far as a hook can. Work that
 * may be abandoned stops at its next {@link #check}, which the networks' blocks and the per-frame loops
 * call; a training run finishes its step and saves (it asks {@link #requested}).
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
            return new Policy(notice, false, LONGEST_GRACE);
        }
    }

    /** Thrown by {@link #check} once a stop was asked for: the command unwinds, its cleanup runs, status 130. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped (Ctrl-C or SIGTERM)");
        }
    }

    /** The longest any command waits for its work after a stop (training saves a checkpoint first). */
    public static final Duration LONGEST_GRACE = Duration.ofMinutes(10);
    private static final List<String> STOP_SIGNALS = List.of("INT", "TERM");

    private static volatile boolean requested;
    private static volatile Policy policy;
    /** The number of the stop signal the last guarded command got, 0 if none. */
    private static volatile int signalled;

    private Stopping() {}

    /** True once a stop signal came while a guarded command ran. */
    public static boolean requested() {
        return requested;
    }

    /** Asks the guarded work to stop as a stop signal would, for a stop of the program's own (OBS went away). */
    public static void request() {
        requested = true;
    }

    /**
     * The exit status of a command a stop ended: the shell's 128 + signal (130 for Ctrl-C, 143 for SIGTERM), as
     * the JVM's own stop gives; 130 for a stop the program asked for itself.
     */
    public static int stopStatus() {
        int signal = signalled;
        return 128 + (signal == 0 ? 2 : signal);
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
     * JVM from exiting until the work has returned (at most the policy's grace). One command runs at a time; a
     * guard inside another's work answers stops while its work runs, then gives the outer policy back.
     */
    public static <T> T guard(Policy how, Consumer<String> say, Callable<T> work) throws Exception {
        Policy outer = policy;
        policy = how;
        if (outer == null) {
            // A request that outlived an earlier command in this JVM (tests run several) is not this one's; one
            // that came while an outer guard's work prepared this one is.
            requested = false;
            signalled = 0;
        }
        CountDownLatch returned = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (signalled == 0) {
                hold(say, returned);
            }
        }, "lipsync-stop");
        boolean hooked = register(hook);
        Map<Signal, SignalHandler> previous = catchStopSignals(say, returned);
        try {
            return work.call();
        } catch (Exception e) {
            if (causedByStop(e)) {
                say.accept("stopped");
            }
            throw e;
        } finally {
            returned.countDown();
            previous.forEach(Signal::handle);
            if (hooked) {
                unregister(hook);
            }
            policy = outer;
        }
    }

    /**
     * Takes SIGINT and SIGTERM from the JVM while the work runs; returns the handlers to give back. A signal the
     * JVM keeps for itself (it runs with -Xrs) stays with the shutdown hook.
     */
    private static Map<Signal, SignalHandler> catchStopSignals(Consumer<String> say, CountDownLatch returned) {
        Map<Signal, SignalHandler> previous = new HashMap<>();
        for (String name : STOP_SIGNALS) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> onStopSignal(s, say, returned)));
            } catch (IllegalArgumentException taken) {
                // not ours to catch: the hook holds that exit
            }
        }
        return previous;
    }

    /**
     * The first stop signal asks and waits for the work; the main thread then exits once the work has returned.
     * Only work that overstays its grace is ended here, by an exit of this thread's. Repeats change nothing.
     */
    private static synchronized void onStopSignal(Signal s, Consumer<String> say, CountDownLatch returned) {
        if (signalled != 0) {
            return;
        }
        signalled = s.getNumber();
        if (!hold(say, returned)) {
            System.exit(stopStatus());
        }
    }

    /** Asks, says so, and waits for the work; false when the work did not return within the policy's grace. */
    private static boolean hold(Consumer<String> say, CountDownLatch returned) {
        Policy how = policy;
        requested = true;
        if (how == null) {
            return true;
        }
        if (how.notice() != null) {
            say.accept(how.notice());
        }
        try {
            if (!returned.await(how.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                say.accept("still working after " + how.grace().toSeconds() + " s; ending anyway");
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
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
