package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;

/** Sinusoidal projection of the diffusion timestep followed by a two-layer MLP (linear, SiLU, linear). */
final class TimestepEmbedding {
    private final Linear linear1;
    private final Linear linear2;
    private final int channels;
    private final boolean flipSinToCos;
    private final int freqShift;

    TimestepEmbedding(Params p, int channels, int embedDim, boolean flipSinToCos, int freqShift) {
        linear1 = new Linear(p.child("linear_1"), channels, embedDim, true);
        linear2 = new Linear(p.child("linear_2"), embedDim, embedDim, true);
        this.channels = channels;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
    }

    /** one timestep per sample (b) -> (b, embedDim), in the given dtype */
    NDArray forward(NDManager manager, float[] timesteps, DataType dtype) {
        float[] all = new float[channels * timesteps.length];
        for (int i = 0; i < timesteps.length; i++) {
            System.arraycopy(sinusoid(timesteps[i]), 0, all, i * channels, channels);
        }
        NDArray proj = Constants.of(manager, all, new ai.djl.ndarray.types.Shape(timesteps.length, channels))
                .toType(dtype, false);
        return linear2.forward(Ops.silu(linear1.forward(proj)));
    }

    /** Computed in float32 step by step, as torch does, so large timesteps round the same way. */
    private float[] sinusoid(float t) {
        int half = channels / 2;
        float[] out = new float[channels];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (-Math.log(10000.0)) * i / (half - freqShift);
            float arg = t * (float) Math.exp(exponent);
            float sin = (float) Math.sin(arg);
            float cos = (float) Math.cos(arg);
            out[flipSinToCos ? half + i : i] = sin;
            out[flipSinToCos ? i : half + i] = cos;
        }
        return out;
    }
}
