package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * torch.nn.BatchNorm1d/2d/3d in evaluation mode: each channel (axis 1) normalised with the running statistics
 * the checkpoint holds, then scaled and shifted. Its {@code num_batches_tracked} counter is not read.
 */
public final class BatchNorm {
    private final Param weight;
    private final Param bias;
    private final Param mean;
    private final Param var;
    private final float eps;

    /** torch's default eps, 1e-5. */
    public BatchNorm(Params p, long channels) {
        this(p, channels, 1e-5f);
    }

    public BatchNorm(Params p, long channels, float eps) {
        this.eps = eps;
        weight = p.add("weight", channels);
        bias = p.add("bias", channels);
        mean = p.addBuffer("running_mean", channels);
        var = p.addBuffer("running_var", channels);
    }

    /** (N, C, ...) -> (N, C, ...) */
    public NDArray forward(NDArray x) {
        long[] shape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = -1;
        NDArray scale = weight.value().div(var.value().add(eps).sqrt());
        NDArray shift = bias.value().sub(mean.value().mul(scale));
        return x.mul(scale.reshape(shape)).add(shift.reshape(shape));
    }
}
