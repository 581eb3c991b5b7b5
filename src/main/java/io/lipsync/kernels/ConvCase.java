package io.lipsync.kernels;

/** One convolution shape the self-check runs: batch, channels in and out, a square input side, kernel, stride, padding. */
record ConvCase(String name, int batch, int in, int out, int side, int kernel, int stride, int padding) {
    @Override
    public String toString() {
        return name + " (" + batch + ", " + in + "->" + out + ", " + side + "x" + side + ", k" + kernel + " s" + stride + ")";
    }
}
