package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The floating-point operations of the convolutions, linear layers and attention products run while counting
 * is on (bench's --profile), worked out from their shapes as they are called, whichever kernel computes them.
 * Off, counting costs one flag read per call.
 */
public final class FlopCount {
    /** Operations by kind, as counted. */
    public record Counts(double convolution, double linear, double attention) {}

    private static volatile boolean on;
    private static final DoubleAdder CONVOLUTION = new DoubleAdder();
    private static final DoubleAdder LINEAR = new DoubleAdder();
    private static final DoubleAdder ATTENTION = new DoubleAdder();

    private FlopCount() {}

    /** Counts the operations {@code work} runs. */
    public static Counts of(Runnable work) {
        CONVOLUTION.reset();
        LINEAR.reset();
        ATTENTION.reset();
        on = true;
        try {
            work.run();
        } finally {
            on = false;
        }
        return new Counts(CONVOLUTION.sum(), LINEAR.sum(), ATTENTION.sum());
    }

    /** A convolution: two per weight tap of each output value. */
    static void convolution(NDArray out, NDArray weight) {
        if (on) {
            CONVOLUTION.add(2.0 * out.size() * (weight.size() / weight.getShape().get(0)));
        }
    }

    /** A linear layer: x (..., in) by w (out, in). */
    static void linear(NDArray x, NDArray w) {
        if (on) {
            LINEAR.add(2.0 * x.size() * w.getShape().get(0));
        }
    }

    /** Attention's two products, q k^T and the weights times v: q (N, Lq, C), k (N, Lk, C). */
    static void attention(NDArray q, NDArray k) {
        if (on) {
            ATTENTION.add(4.0 * q.size() * k.getShape().get(1));
        }
    }
}
