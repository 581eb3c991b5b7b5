package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.optim.AdamW exactly as upstream's trainers build it (only lr set: betas 0.9/0.999, eps 1e-8,
 * weight decay 0.01 on every parameter). DJL's own AdamW adds eps after the bias correction, which moves
 * tiny-gradient updates by orders of magnitude; this follows torch's order step by step, in float32:
 * decay, m lerp, v, then p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
 */
public final class AdamW {
    /** The optimiser's settings. */
    public record Config(double lr, double beta1, double beta2, double eps, double weightDecay) {
        public static Config upstream(double lr) {
            return new Config(lr, 0.9, 0.999, 1e-8, 0.01);
        }
    }

    private final Config config;
    private double lr;
    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private long step;

    /** Updates {@code params} in place; its moments live on the parameters' managers. */
    public AdamW(Config config, List<NDArray> params) {
        this.config = config;
        this.lr = config.lr();
        this.params = List.copyOf(params);
        for (NDArray p : params) {
            m.add(p.zerosLike());
            v.add(p.zerosLike());
        }
    }

    /** The learning rate of the next steps (a schedule sets it before each step; the config's until then). */
    public void learningRate(double lr) {
        this.lr = lr;
    }

    public double learningRate() {
        return lr;
    }

    /** One update from {@code grads} (one per parameter, in order). */
    public void step(List<NDArray> grads) {
        step++;
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double bc2 = 1 - Math.pow(config.beta2(), step);
        // torch turns each Python-float factor into a float32 scalar; these casts are where it rounds.
        float decay = (float) (1 - lr * config.weightDecay());
        float lerp = (float) (1 - config.beta1());
        float beta2 = (float) config.beta2();
        float oneMinusBeta2 = (float) (1 - config.beta2());
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float eps = (float) config.eps();
        float stepSize = (float) (lr / bc1);
        for (int i = 0; i < params.size(); i++) {
            // The temporaries are as large as the parameter: freed per parameter, not per step.
            try (NDScope scope = new NDScope()) {
                NDArray p = params.get(i);
                NDArray g = grads.get(i);
                p.muli(decay);
                m.get(i).addi(g.sub(m.get(i)).muli(lerp));
                v.get(i).muli(beta2).addi(g.mul(g).muli(oneMinusBeta2));
                p.subi(m.get(i).div(v.get(i).sqrt().divi(bc2Sqrt).addi(eps)).muli(stepSize));
            }
        }
    }

    public long stepCount() {
        return step;
    }

    /** Puts back the moments and step count a checkpoint saved, so a resumed run continues exactly. */
    public void restore(long stepCount, List<float[]> firstMoments, List<float[]> secondMoments) {
        for (int i = 0; i < params.size(); i++) {
            m.get(i).set(firstMoments.get(i));
            v.get(i).set(secondMoments.get(i));
        }
        step = stepCount;
    }

    public NDArray firstMoment(int i) {
        return m.get(i);
    }

    public NDArray secondMoment(int i) {
        return v.get(i);
    }
}
