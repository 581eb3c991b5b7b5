package io.lipsync.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * torch.nn.BatchNorm1d/2d/3d in evaluation mode: each channel (axis 1) normalised with the running statistics
 * the checkpoint holds, then scaled and shifted. Its {@code num_batches_tracked} counter is not read.
 */
public final class BatchNorm {
    private static final float EPS = 1e-5f;

    private final Param weight;
    private final Param bias;
    private final Param mean;
    private final Param var;

    public BatchNorm(Params p, long channels) {
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
        NDArray scale = weight.value().div(var.value().add(EPS).sqrt());
        NDArray shift = bias.value().sub(mean.value().mul(scale));
        return x.mul(scale.reshape(shape)).add(shift.reshape(shape));
    }
}
