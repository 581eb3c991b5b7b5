package io.lipsync.model.unet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.nn.ResnetBlock;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The U-Net's blocks at the official widths (320, 640, 1280; 8 heads; audio context 384; 16-frame chunks),
 * where tiny fixtures never reach: the float32 forward must agree with the same weights run in float64.
 * libtorch picks kernels by shape and CPU, so a kernel that goes wrong at some width on some machine fails
 * here, naming the block, instead of showing only as a wrong render. Upstream's own float32 forward is
 * within ~2e-6 of its float64 golden at these widths; 2e-5 of the output's range leaves room for summation
 * order and is still thousands of times below a real fault.
 */
class OfficialWidthsTest {
    private static final double RELATIVE = 2e-5;
    private static final UNetConfig STAGE2 = UNetConfig.builtin("stage2");

    @ParameterizedTest(name = "spatial transformer at {0} channels")
    @ValueSource(ints = {320, 640, 1280})
    void spatialTransformer(int channels) {
        Params p = Params.root();
        SpatialTransformer block = new SpatialTransformer(p, channels, STAGE2.attention().heads(),
                STAGE2.attention().crossAttentionDim(), STAGE2.norm().groups(), true);
        assertFloat32MatchesFloat64("spatial transformer " + channels, p, (m, t) -> block.forward(
                random(m, t, 4, channels, 4, 4), random(m, t, 4, 50, 384)));
    }

    @ParameterizedTest(name = "motion module at {0} channels")
    @ValueSource(ints = {320, 640, 1280})
    void motionModule(int channels) {
        Params p = Params.root();
        MotionModule block = new MotionModule(p, channels, STAGE2.motion().module());
        assertFloat32MatchesFloat64("motion module " + channels, p,
                (m, t) -> block.forward(random(m, t, 16, channels, 2, 2), 16));
    }

    @ParameterizedTest(name = "resnet {0} -> {1}")
    @CsvSource({"320, 320", "320, 640", "640, 1280", "2560, 1280", "960, 320", "1920, 640"})
    void resnet(int in, int out) {
        Params p = Params.root();
        ResnetBlock block = new ResnetBlock(p, in, out, STAGE2.timeEmbedDim(), STAGE2.norm().groups(), STAGE2.norm().eps());
        assertFloat32MatchesFloat64("resnet " + in + "->" + out, p, (m, t) -> block.forward(
                random(m, t, 4, in, 4, 4), random(m, t, 2, STAGE2.timeEmbedDim()), 2));
    }

    /** The official first two levels with every flag on (two layers, motion modules, audio), at 8x8 latents. */
    @org.junit.jupiter.api.Test
    void twoOfficialLevels() {
        UNetConfig c = new UNetConfig(
                new UNetConfig.Blocks(13, 4, List.of(320, 640), List.of("CrossAttnDownBlock3D", "DownBlock3D"),
                        List.of("UpBlock3D", "CrossAttnUpBlock3D"), 2),
                new UNetConfig.CrossAttention(8, 384, true), new UNetConfig.Norm(32, 1e-5f),
                new UNetConfig.TimeEmbedding(true, 0), STAGE2.motion(), new UNetConfig.Data(64, 16));
        UNet3D unet = new UNet3D(c);
        assertFloat32MatchesFloat64("U-Net [320, 640]", unet.params(), (m, t) -> unet.forward(
                random(m, t, 2, 13, 4, 8, 8), 501f, random(m, t, 8, 50, 384), null));
    }

    private static void assertFloat32MatchesFloat64(String what, Params params, BiFunction<NDManager, DataType, NDArray> run) {
        try (NDManager m = NDManager.newBaseManager()) {
            RandomWeights.fill(params, m, 5);
            m.getEngine().setRandomSeed(9);
            NDArray single = run.apply(m, DataType.FLOAT32);
            params.castTo(DataType.FLOAT64);
            m.getEngine().setRandomSeed(9);
            NDArray reference = run.apply(m, DataType.FLOAT64);
            double range = reference.abs().max().getDouble();
            double error = single.toType(DataType.FLOAT64, false).sub(reference).abs().max().getDouble();
            assertTrue(reference.getDataType() == DataType.FLOAT64 && range > 0.1, what + ": no float64 output");
            assertTrue(error <= RELATIVE * range, what + ": float32 differs from float64 by " + error
                    + " (output range " + range + ")");
        }
    }

    /** The same standard-normal draws in either precision (the seed is reset before each run). */
    private static NDArray random(NDManager m, DataType dtype, long... shape) {
        return m.randomNormal(new Shape(shape)).toType(dtype, false);
    }
}
