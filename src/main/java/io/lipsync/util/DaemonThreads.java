package io.lipsync.util;

import java.util.concurrent.ThreadFactory;

/** Background threads that never keep the JVM alive on their own. */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static ThreadFactory named(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }
}
