package io.lipsync.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * While open, a thread runs the garbage collector over and over and fills fresh small direct buffers with NaN:
 * any tensor whose memory is a Java buffer the collector may free (DJL's scalar overloads, create(float[]))
 * and that autograd keeps for the backward pass then reads NaN or garbage instead of its value.
 */
public final class GcStorm implements AutoCloseable {
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::storm, "gc-storm");

    public GcStorm() {
        thread.setDaemon(true);
        thread.start();
    }

    private void storm() {
        while (running) {
            System.gc();
            for (int i = 0; i < 2000 && running; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 8) * 4).order(ByteOrder.nativeOrder());
                while (b.remaining() >= 4) {
                    b.putFloat(Float.NaN);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
