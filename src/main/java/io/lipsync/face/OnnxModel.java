package io.lipsync.face;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.lipsync.util.Stopping;
import io.lipsync.util.Threads;
import io.lipsync.util.UserError;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An ONNX model with one float input, run on ONNX Runtime's CPU provider; outputs come back flat, in model order. */
final class OnnxModel implements AutoCloseable {
    static {
        OnnxNatives.prepare();
    }

    private final OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    private final OrtSession session;
    private final String input;
    private final List<String> outputs;

    OnnxModel(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(what + " " + file + " is missing; run `lipsync models download`");
        }
        try {
            session = env.createSession(file.toString(), options());
            input = session.getInputNames().iterator().next();
            outputs = new ArrayList<>(session.getOutputNames());
        } catch (OrtException e) {
            throw new UserError("cannot load " + what + " " + file + ": " + e.getMessage());
        }
    }

    /**
     * The knob's thread count, and no spin-waiting: ONNX Runtime's idle workers otherwise spin for the
     * next op, taking a core from libtorch (and from any other render on the machine).
     */
    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(Threads.count());
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    int outputCount() {
        return outputs.size();
    }

    /** Runs on {@code data} shaped {@code shape}; returns every output flattened. */
    List<float[]> run(float[] data, long[] shape) {
        Stopping.check();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            List<float[]> flat = new ArrayList<>();
            for (String name : outputs) {
                OnnxValue value = result.get(name).orElseThrow();
                FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
                float[] out = new float[buffer.remaining()];
                buffer.get(out);
                flat.add(out);
            }
            return flat;
        } catch (OrtException e) {
            throw new IllegalStateException("the face model failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // nothing left to release
        }
    }
}
