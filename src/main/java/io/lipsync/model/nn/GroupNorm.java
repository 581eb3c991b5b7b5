package io.lipsync.model.nn;

import io.lipsync.util.UserError;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * torch.nn.GroupNorm, built from mean and variance (DJL has no GroupNorm op).
 * Video tensors are kept frame-folded as (B*F, C, H, W); a 3D U-Net's GroupNorm over (B, C, F, H, W)
 * pools its statistics over all F frames of a sample, which {@link #forward(NDArray, int)} reproduces.
 */
public final class GroupNorm {
    private final Param weight;
    private final Param bias;
    private final int groups;
    private final long channels;
    private final float eps;

    public GroupNorm(Params p, int groups, long channels, float eps) {
        if (channels % groups != 0) {
            throw new UserError(channels + " channels do not split into " + groups + " groups");
        }
        weight = p.add("weight", channels);
        bias = p.add("bias", channels);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
    }

    /** (N, C, ...) -> (N, C, ...), statistics per sample and group. */
    public NDArray forward(NDArray x) {
        return forward(x, 1);
    }

    /** (B*F, C, H, W) -> same; statistics per sample b over all its F frames and each group. */
    public NDArray forward(NDArray input, int frames) {
        NDArray x = Autocast.full(input);
        Shape shape = x.getShape();
        long n = shape.get(0);
        long samples = n / frames;
        NDArray g = x.reshape(samples, frames, groups, -1);
        float count = (float) (frames * g.getShape().get(3));
        NDArray mean = groupSum(g, samples, frames).div(Constants.scalar(g, count));
        NDArray centred = g.sub(mean);
        NDArray variance = groupSum(centred.square(), samples, frames).div(Constants.scalar(g, count));
        long[] affineShape = new long[shape.dimension()];
        java.util.Arrays.fill(affineShape, 1);
        affineShape[1] = channels;
        NDArray w = weight.value().reshape(affineShape);
        NDArray b = bias.value().reshape(affineShape);
        NDArray std = variance.add(eps).sqrt();
        if (Ops.recordsGradient()) {
            // Backward needs the centred values square() saw: no in-place updates while training.
            return centred.div(std).reshape(shape).mul(w).add(b);
        }
        return centred.divi(std).reshape(shape).muli(w).addi(b);
    }

    /** (S, F, G, K) summed over F and K -> (S, 1, G, 1); PyTorch's DJL binding reduces one axis at a time. */
    private NDArray groupSum(NDArray g, long samples, int frames) {
        NDArray perFrame = g.sum(new int[] {3});
        NDArray total = frames == 1 ? perFrame : perFrame.sum(new int[] {1}, true);
        return total.reshape(samples, 1, groups, 1);
    }
}
