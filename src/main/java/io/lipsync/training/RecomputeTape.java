package io.lipsync.training;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.model.nn.Ops;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gradient checkpointing (torch.utils.checkpoint by hand, for graphs with skips and shared inputs): the
 * forward pass runs every piece without recording and keeps only the pieces' outputs, which are the
 * next pieces' inputs; {@link #backward} then walks the pieces from last to first, recomputes each one
 * from its kept inputs under a gradient collector and back-propagates the gradient its output received.
 * Inputs that several pieces read (the U-Net's time embedding, its skips) collect the gradient of every
 * reader before their own piece is reached. Peak memory is the kept boundaries plus one piece's
 * activations, for one more forward pass; parameter gradients accumulate as in one ordinary backward pass.
 * <p>
 * Every piece input must come from the tape: another piece's output or a {@link #constant}. A value computed
 * outside a piece would silently lose its gradient, so it is refused.
 */
public final class RecomputeTape implements Checkpointing, AutoCloseable {
    /** A piece, the tape positions of its inputs (-1: a constant) and the inputs themselves. */
    private record Node(Body body, int[] sources, NDArray[] inputs, NDArray output) {}

    private final List<Node> nodes = new ArrayList<>();
    private final Map<NDArray, Integer> positions = new IdentityHashMap<>();
    private final Set<NDArray> constants = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Declares an input that needs no gradient (data, frozen features); returns it. */
    @Override
    public NDArray constant(NDArray x) {
        constants.add(x);
        return x;
    }

    @Override
    public NDArray run(Body body, NDArray... inputs) {
        if (JniUtils.isGradMode()) {
            throw new IllegalStateException("a recompute tape's forward pass runs outside a gradient collector");
        }
        int[] sources = new int[inputs.length];
        NDArray[] kept = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Integer at = inputs[i] == null ? null : positions.get(inputs[i]);
            if (at != null) {
                sources[i] = at;
                kept[i] = nodes.get(at).output();
            } else if (inputs[i] == null || constants.contains(inputs[i])) {
                sources[i] = -1;
                kept[i] = inputs[i];
            } else {
                throw new IllegalStateException("piece input " + i + " " + inputs[i].getShape() + " was computed "
                        + "outside the tape; its gradient would be lost (compute it in a piece or declare it)");
            }
        }
        // The recompute runs under autograd, so with the plain ops: the first pass must match it exactly.
        NDArray out = Ops.plain(() -> body.apply(kept));
        return record(body, sources, kept, out);
    }

    /** Keeps a piece's output away from the caller's scopes and hands out a view of it. */
    private NDArray record(Body body, int[] sources, NDArray[] inputs, NDArray output) {
        NDArray owned = isInput(output, inputs) ? output.duplicate() : output;
        NDScope.unregister(owned);
        // A view: the caller's scopes may close it, the storage lives on with the kept array.
        NDArray handle = owned.reshape(owned.getShape());
        positions.put(handle, nodes.size());
        positions.put(owned, nodes.size());
        nodes.add(new Node(body, sources, inputs, owned));
        return handle;
    }

    private static boolean isInput(NDArray output, NDArray[] inputs) {
        for (NDArray in : inputs) {
            if (in == output) {
                return true;
            }
        }
        return false;
    }

    /**
     * Back-propagates {@code seed} (the loss's gradient, e.g. the loss scale as a scalar) from {@code loss}, a
     * tape output, through every piece, adding to the parameters' gradients. Call outside a collector.
     */
    public void backward(NDArray loss, NDArray seed) {
        Integer last = positions.get(loss);
        if (last == null) {
            throw new IllegalArgumentException("the loss was not computed on this tape");
        }
        NDArray[] grads = new NDArray[nodes.size()];
        grads[last] = seed.duplicate();
        NDScope.unregister(grads[last]);
        for (int k = last; k >= 0; k--) {
            Node node = nodes.get(k);
            if (grads[k] != null) {
                recompute(node, grads[k], grads);
                grads[k].close();
                grads[k] = null;
            }
            // Every reader of this output has run: it is done with.
            node.output().close();
        }
    }

    /**
     * Runs a piece again on fresh leaves sharing its inputs' memory (autograd must see a leaf of its own for
     * each reader, never a kept array or a view of one) and back-propagates {@code gradOut}; adds each input's
     * gradient to its producer's.
     */
    private void recompute(Node node, NDArray gradOut, NDArray[] grads) {
        try (NDScope scope = new NDScope()) {
            NDArray[] in = new NDArray[node.inputs().length];
            for (int i = 0; i < in.length; i++) {
                in[i] = node.sources()[i] < 0 ? node.inputs()[i] : node.inputs()[i].stopGradient();
                if (node.sources()[i] >= 0) {
                    in[i].setRequiresGradient(true);
                }
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                PtNDArray out = (PtNDArray) node.body().apply(in);
                try {
                    JniUtils.backward(out, (PtNDArray) gradOut.toType(out.getDataType(), false), false, false);
                } catch (EngineException e) {
                    // A piece of frozen weights on data alone (a judge's audio branch) has nothing to pass
                    // on; torch says so, and DJL offers no other way to ask (requiresGrad means leaf here).
                    if (String.valueOf(e.getMessage()).contains("does not require grad")) {
                        return;
                    }
                    throw e;
                }
            }
            for (int i = 0; i < in.length; i++) {
                int source = node.sources()[i];
                NDArray g = source < 0 ? null : gradientOf(in[i]);
                if (g != null) {
                    NDArray sum = grads[source] == null ? g.duplicate() : grads[source].add(g);
                    NDScope.unregister(sum);
                    if (grads[source] != null) {
                        grads[source].close();
                    }
                    grads[source] = sum;
                }
            }
        }
    }

    private static NDArray gradientOf(NDArray x) {
        try {
            return x.getGradient();
        } catch (IllegalStateException noGradientReachedIt) {
            return null;
        }
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.output().close();
        }
        nodes.clear();
        positions.clear();
        constants.clear();
    }
}
