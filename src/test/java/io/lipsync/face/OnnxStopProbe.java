package io.lipsync.face;

import io.lipsync.util.Stopping;
import java.nio.file.Path;

/**
 * A process with a shutdown hook of its own, as ONNX Runtime has (it releases its environment), whose guarded
 * work is inside ONNX Runtime when Ctrl-C comes and stays there 1.5 s more, as a face-analysis batch that
 * finishes its frame does, then closes its session, as a render's unwinding does. Prints "running", then how
 * many runs it made after the stop and "work returned", and "a library's hook ran" when the exit runs the
 * hooks; ends with the stop's status.
 */
public final class OnnxStopProbe {
    private static final long AFTER_STOP_NANOS = 1_500_000_000L;

    private OnnxStopProbe() {}

    /** {@code args[0]}: the BlazeFace model. */
    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("a library's hook ran")));
        float[] image = new float[128 * 128 * 3];
        long[] shape = {1, 128, 128, 3};
        int status = Stopping.guard(Stopping.Policy.finishing("stopping ..."), System.out::println, () -> {
            try (OnnxModel model = new OnnxModel(Path.of(args[0]), "face detector")) {
                System.out.println("running");
                long stopSeen = 0;
                int runsAfterStop = 0;
                while (stopSeen == 0 || System.nanoTime() - stopSeen < AFTER_STOP_NANOS) {
                    model.run(image, shape);
                    if (Stopping.requested()) {
                        stopSeen = stopSeen == 0 ? System.nanoTime() : stopSeen;
                        runsAfterStop++;
                    }
                }
                System.out.println("runs after the stop: " + runsAfterStop);
            }
            System.out.println("work returned");
            return Stopping.stopStatus();
        });
        System.exit(status);
    }
}
