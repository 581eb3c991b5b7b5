package io.lipsync.model.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Fills a model with random weights of realistic scale (norm gains 1, biases 0, matrices ~ N(0, 1/fan_in)),
 * so activations stay in range and timings are not skewed by overflow or denormals.
 */
public final class RandomWeights {
    private RandomWeights() {}

    public static void fill(Params params, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        for (Param p : params.weights().values()) {
            long[] shape = p.shape();
            Shape s = new Shape(shape);
            if (p.name().endsWith(".bias")) {
                p.set(manager.zeros(s));
            } else if (shape.length == 1) {
                p.set(manager.ones(s));
            } else {
                long fanIn = s.size() / shape[0];
                p.set(manager.randomNormal(0f, (float) (1 / Math.sqrt(fanIn)), s, ai.djl.ndarray.types.DataType.FLOAT32));
            }
        }
    }
}
