package io.lipsync.model.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;

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

    /**
     * torch's default initialisation, for training from scratch: conv and linear weights and their biases
     * ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5)); norm weights 1, norm biases 0.
     */
    public static void torchDefaults(Params params, NDManager manager, long seed) {
        manager.getEngine().setRandomSeed((int) seed);
        Map<String, Param> all = params.weights();
        for (Param p : all.values()) {
            long[] shape = p.shape();
            Shape s = new Shape(shape);
            Param weight = p.name().endsWith(".bias")
                    ? all.get(p.name().substring(0, p.name().length() - ".bias".length()) + ".weight") : p;
            if (weight == null || weight.shape().length < 2) {
                p.set(p.name().endsWith(".bias") ? manager.zeros(s) : manager.ones(s));
            } else {
                float bound = (float) (1 / Math.sqrt(new Shape(weight.shape()).size() / weight.shape()[0]));
                p.set(manager.randomUniform(-bound, bound, s));
            }
        }
    }
}
