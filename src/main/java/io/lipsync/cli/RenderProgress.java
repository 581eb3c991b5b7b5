package io.lipsync.cli;

import io.lipsync.pipeline.RenderListener;

/** Shows each stage of a render as a progress bar (or plain lines off a terminal). */
final class RenderProgress implements RenderListener, AutoCloseable {
    private Progress current;

    @Override
    public void stage(String name, long total) {
        close();
        current = total > 0 ? Progress.count(name, total, "frames") : null;
        if (current == null) {
            System.out.println(name + " ...");
        }
    }

    @Override
    public void progress(long done) {
        if (current != null) {
            current.stepTo(done);
        }
    }

    @Override
    public void message(String text) {
        System.out.println(text);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
