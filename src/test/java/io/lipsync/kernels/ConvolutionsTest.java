package io.lipsync.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Padding channels to whole blocks changes nothing a network computes: the padded convolution equals torch's
 * own, values and gradients, in float64 (libtorch's plain loops, the same on every CPU), and in float32 to
 * rounding (on the CPU measured wrong, the unpadded float32 kernels are off by a third of the output's scale).
 */
class ConvolutionsTest {
    @ParameterizedTest
    @CsvSource({"32, 4, 3, 1, 1", "24, 32, 3, 1, 1", "40, 8, 3, 2, 1", "48, 16, 3, 2, 1", "13, 320, 3, 1, 1", "3, 16, 3, 1, 1",
            "128, 3, 3, 1, 1", "20, 4, 1, 1, 0", "32, 32, 3, 1, 1"})
    void paddedChannelsComputeTorchsConvolution(int in, int out, int kernel, int stride, int padding) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(in * 100 + out);
            NDArray x = m.randomNormal(0, 1, new Shape(2, in, 9, 9), DataType.FLOAT64);
            NDArray w = m.randomNormal(0, 1, new Shape(out, in, kernel, kernel), DataType.FLOAT64)
                    .div(Math.sqrt(in * kernel * kernel));
            NDArray b = m.randomNormal(0, 1, new Shape(out), DataType.FLOAT64);
            NDArray upstream = m.randomNormal(0, 1, new Shape(2, out, (9 + 2 * padding - kernel) / stride + 1,
                    (9 + 2 * padding - kernel) / stride + 1), DataType.FLOAT64);
            Shape s = new Shape(stride, stride);
            Shape p = new Shape(padding, padding);
            NDArray[] torchs = gradients(x, w, b, upstream, (xi, wi, bi) -> xi.getNDArrayInternal()
                    .convolution(xi, wi, bi, s, p, new Shape(1, 1), 1).singletonOrThrow());
            NDArray[] ours = gradients(x, w, b, upstream, (xi, wi, bi) -> Convolutions.run(xi, wi, bi, s, p, new Shape(1, 1)));
            String[] what = {"output", "input gradient", "weight gradient", "bias gradient"};
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(torchs[i].getShape().getShape(), ours[i].getShape().getShape(), what[i]);
                assertEquals(0, ours[i].sub(torchs[i]).abs().max().getDouble(), 1e-12, what[i] + " in float64");
            }
            NDArray[] f32 = gradients(x.toType(DataType.FLOAT32, false), w.toType(DataType.FLOAT32, false),
                    b.toType(DataType.FLOAT32, false), upstream.toType(DataType.FLOAT32, false),
                    (xi, wi, bi) -> Convolutions.run(xi, wi, bi, s, p, new Shape(1, 1)));
            for (int i = 0; i < 4; i++) {
                double scale = torchs[i].abs().max().getDouble();
                assertEquals(0, f32[i].toType(DataType.FLOAT64, false).sub(torchs[i]).abs().max().getDouble(),
                        2e-4 * scale + 1e-6, what[i] + " in float32");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"4, 16, 16", "16, 16, 16", "17, 16, 32", "48, 32, 64", "320, 32, 320", "1, 16, 16"})
    void channelsRoundUpToWholeBlocks(long channels, long block, long whole) {
        assertEquals(whole, Convolutions.whole(channels, block));
    }

    private interface Conv {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /** The output and the gradients of sum(conv(x) * upstream) by x, w and b. */
    private static NDArray[] gradients(NDArray x, NDArray w, NDArray b, NDArray upstream, Conv conv) {
        NDArray xl = x.duplicate();
        NDArray wl = w.duplicate();
        NDArray bl = b.duplicate();
        xl.setRequiresGradient(true);
        wl.setRequiresGradient(true);
        bl.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            y = conv.apply(xl, wl, bl);
            collector.backward(y.mul(upstream).sum());
        }
        return new NDArray[] {y.duplicate(), xl.getGradient().duplicate(), wl.getGradient().duplicate(),
                bl.getGradient().duplicate()};
    }
}
