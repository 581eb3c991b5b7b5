package io.lipsync.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * torch's convolution (1, 2 or 3 spatial axes, no groups) with no channel block that oneDNN would have to pad.
 *
 * <p>oneDNN keeps channels in blocks (16 floats in its direct AVX-512 kernels, 32 in some brgemm ones) and pads
 * a part-filled block. On some CPUs (measured on an AMD EPYC of family 26 with libtorch 2.7.1's oneDNN 3.7.1)
 * a kernel that sums over such a block reads its padding as data, and the result is wrong and differs from
 * run to run: a 3x3 forward pass over 24 input channels, the input gradient of a 3x3 convolution with 4 or 8
 * output channels (the U-Net's and the VAE's last layers, in training), the input gradient of a strided one
 * with 48 input channels. With whole blocks the same kernels are right there. So input channels past one
 * block are padded to a multiple of 32 with zero channels on the input and the weight, and output channels to
 * a multiple of 16 with zero filters that are cut off again: the padded terms are exact zeros. Fewer than 16
 * input channels (an image's 3, the U-Net's 13) stay as they are: oneDNN reads those unblocked.
 */
public final class Convolutions {
    /** Input channels past this many are padded to a multiple of {@link #INPUT_BLOCK}. */
    public static final long INPUT_BLOCK = 32;
    /** Output channels are padded to a multiple of this. */
    public static final long OUTPUT_BLOCK = 16;

    private Convolutions() {}

    /** x (N, in, *spatial), weight (out, in, *kernel), bias (out) or null -> (N, out, *spatial'), row-major */
    public static NDArray run(NDArray x, NDArray weight, NDArray bias, Shape stride, Shape padding, Shape dilation) {
        long inChannels = weight.getShape().get(1);
        long outChannels = weight.getShape().get(0);
        long extraIn = inChannels > OUTPUT_BLOCK ? whole(inChannels, INPUT_BLOCK) - inChannels : 0;
        long extraOut = whole(outChannels, OUTPUT_BLOCK) - outChannels;
        NDArray in = x;
        NDArray w = weight;
        NDArray b = bias;
        if (extraIn > 0) {
            in = withZeros(in, 1, extraIn);
            w = withZeros(w, 1, extraIn);
        }
        if (extraOut > 0) {
            w = withZeros(w, 0, extraOut);
            b = b == null ? null : withZeros(b, 0, extraOut);
        }
        NDArray out = in.getNDArrayInternal().convolution(in, w, b, stride, padding, dilation, 1).singletonOrThrow();
        if (extraOut == 0) {
            return out;
        }
        // The cut is a strided view; flattening copies it row-major, so that no later kernel sees its strides.
        NDArray cut = out.get(":, 0:" + outChannels);
        return cut.reshape(-1).reshape(cut.getShape());
    }

    /** The channel count rounded up to whole blocks. */
    static long whole(long channels, long block) {
        return (channels + block - 1) / block * block;
    }

    /** x with {@code count} zero slices appended along {@code axis}. */
    private static NDArray withZeros(NDArray x, int axis, long count) {
        // A copy: getShape() hands out the array's own cached dimensions.
        long[] shape = x.getShape().getShape().clone();
        shape[axis] = count;
        return NDArrays.concat(new NDList(x, x.getManager().zeros(new Shape(shape), x.getDataType(), x.getDevice())), axis);
    }
}
