package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import io.lipsync.kernels.ScriptedOps;
import io.lipsync.util.Stopping;
import java.util.function.Supplier;

/** Activations and attention shared by the models. */
public final class Ops {
    /** Largest attention score matrix computed at once, in floats (128 MB); bigger ones are split by batch. */
    public static final long SCORE_BUDGET = 32L << 20;
    private static final ThreadSetting<Boolean> PLAIN = new ThreadSetting<>(false);

    private Ops() {}

    /** x * sigmoid(x), in two passes (DJL's swish takes three). */
    public static NDArray silu(NDArray x) {
        NDArray sigmoid = Activation.sigmoid(x);
        // sigmoid's backward reads its output: keep it intact while gradients are recorded.
        return recordsGradient() ? sigmoid.mul(x) : sigmoid.muli(x);
    }

    /**
     * Whether autograd is recording (inside a GradientCollector: a training step). In-place updates of
     * values a backward pass reads must then wait; inference keeps them, they halve peak memory.
     */
    public static boolean recordsGradient() {
        return JniUtils.isGradMode();
    }

    /**
     * x W^T + b (b may be null), x (..., in), w (out, in) -> (..., out): oneDNN's matmul outside autograd on
     * float32 CPU tensors (unless the self-check turned the scripted kernels off), else torch.nn.Linear's.
     */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        FlopCount.linear(x, w);
        if (runsScripted(x)) {
            return ScriptedOps.linear(x, w, b);
        }
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /** GELU(x W^T + b) (exact GELU), fused into the matmul where {@link #linear} runs oneDNN's. */
    public static NDArray linearGelu(NDArray x, NDArray w, NDArray b) {
        FlopCount.linear(x, w);
        if (runsScripted(x)) {
            return ScriptedOps.linearGelu(x, w, b);
        }
        return gelu(x.getNDArrayInternal().linear(x, w, b).singletonOrThrow());
    }

    /** Whether {@link #linear} and {@link #linearGelu} run oneDNN's kernels on {@code x}. */
    public static boolean runsScripted(NDArray x) {
        return scripted() && ScriptedOps.linearTakes(x);
    }

    /**
     * Runs {@code body} with the plain ops only, gradients recorded or not: a training piece whose forward
     * pass is recomputed for its backward must compute the same values both times.
     */
    public static <T> T plain(Supplier<T> body) {
        return PLAIN.with(true, body);
    }

    /** The scripted kernels serve inference: not while autograd records, nor inside {@link #plain}. */
    private static boolean scripted() {
        return !recordsGradient() && !PLAIN.get() && ScriptedOps.enabled();
    }

    /** Exact (erf) GELU, as torch's default. */
    public static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /**
     * softmax(q k^T * scale) v per head. q (N, Lq, H*d), k and v (N, Lk, H*d) -> (N, Lq, H*d).
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, int heads, float scale) {
        return attention(q, k, v, heads, scale, SCORE_BUDGET);
    }

    /**
     * As {@link #attention(NDArray, NDArray, NDArray, int, float)}: with libtorch's fused kernel outside
     * autograd (unless the self-check turned it off), else through the score matrix, split by batch past
     * {@code budget} floats.
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, int heads, float scale, long budget) {
        FlopCount.attention(q, k);
        if (scripted()) {
            return fusedAttention(q, k, v, heads, scale);
        }
        return materialisedAttention(q, k, v, heads, scale, budget);
    }

    /** The score matrix written out: what training's backward pass needs, and the fused kernel's fallback. */
    static NDArray materialisedAttention(NDArray q, NDArray k, NDArray v, int heads, float scale, long budget) {
        long n = q.getShape().get(0);
        long lq = q.getShape().get(1);
        long lk = k.getShape().get(1);
        long perSample = heads * lq * lk;
        long step = samplesPerBlock(perSample, budget);
        if (step >= n) {
            return attentionBlock(q, k, v, heads, scale);
        }
        NDList parts = new NDList();
        for (long start = 0; start < n; start += step) {
            String range = start + ":" + Math.min(n, start + step);
            parts.add(scoped(() -> attentionBlock(q.get(range), k.get(range), v.get(range), heads, scale)));
        }
        return NDArrays.concat(parts, 0);
    }

    /** How many samples' score matrices of {@code perSample} floats fit the budget (at least one). */
    static long samplesPerBlock(long perSample, long budget) {
        return Math.max(1, budget / Math.max(1, perSample));
    }

    private static NDArray fusedAttention(NDArray q, NDArray k, NDArray v, int heads, float scale) {
        return mergeHeads(ScriptedOps.attention(scaledHeads(q, heads, scale), splitHeads(k, heads), splitHeads(v, heads)));
    }

    private static NDArray attentionBlock(NDArray q, NDArray k, NDArray v, int heads, float scale) {
        NDArray kt = splitHeads(k, heads).transpose(0, 1, 3, 2);
        NDArray weights = Autocast.full(scaledHeads(q, heads, scale).matMul(kt)).softmax(-1);
        return mergeHeads(Autocast.low(weights).matMul(splitHeads(v, heads)));
    }

    /** q * scale, split by head; scaling q is far cheaper than scaling the (Lq x Lk) scores. */
    private static NDArray scaledHeads(NDArray q, int heads, float scale) {
        return splitHeads(q.mul(Constants.scalar(q, scale)), heads);
    }

    /** (N, L, H*d) -> (N, H, L, d), a view, in the low precision autocast asks for. */
    private static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return Autocast.low(x).reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** (N, H, L, d) -> (N, L, H*d) */
    private static NDArray mergeHeads(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), s.get(1) * s.get(3));
    }

    /**
     * x with row-major (contiguous) strides, as torch's .contiguous(); a view when it already is. A permuted
     * activation must not reach a convolution: oneDNN then picks its channels-last kernels, which compute
     * wrong results on some CPUs. Flattening a permuted tensor cannot be a view, so torch copies it in
     * row-major order (recorded by autograd); the second reshape is a view of that copy.
     */
    public static NDArray contiguous(NDArray x) {
        return x.reshape(-1).reshape(x.getShape());
    }

    /** Runs a computation whose temporaries are freed at once; only its result survives. */
    public static NDArray scoped(Supplier<NDArray> body) {
        // Each block a check point: a stop waits for the current one only (see Stopping).
        Stopping.check();
        NDArray out;
        try (NDScope scope = new NDScope()) {
            out = body.get();
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }
}
