package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Attention;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;
import io.lipsync.util.UserError;

/**
 * Self-attention across the frames of each spatial position (AnimateDiff's "Temporal_Self"),
 * with a learned-shape sinusoidal position table added to its input.
 */
public final class TemporalAttention {
    private final Attention attention;
    private final Param positions;

    public TemporalAttention(Params p, long dim, int heads, long headDim, boolean positionEncoding, int maxFrames) {
        attention = new Attention(p, dim, dim, heads, headDim);
        positions = positionEncoding ? p.child("pos_encoder").addBuffer("pe", 1, maxFrames, dim) : null;
    }

    /** x (B*F, S, C) -> (B*F, S, C), attending over F for each of the S positions */
    public NDArray forward(NDArray x, int frames) {
        return Ops.scoped(() -> {
            long bf = x.getShape().get(0);
            long s = x.getShape().get(1);
            long c = x.getShape().get(2);
            long b = bf / frames;
            NDArray seq = x.reshape(b, frames, s, c).transpose(0, 2, 1, 3).reshape(b * s, frames, c);
            if (positions != null) {
                long max = positions.shape()[1];
                if (frames > max) {
                    throw new UserError("a chunk of " + frames + " frames exceeds the motion module's "
                            + max + "-frame position table; use at most " + max + " frames per chunk");
                }
                seq = seq.addi(positions.value().get(":, :" + frames));
            }
            NDArray out = attention.forward(seq, null);
            return out.reshape(b, s, frames, c).transpose(0, 2, 1, 3).reshape(bf, s, c);
        });
    }
}
