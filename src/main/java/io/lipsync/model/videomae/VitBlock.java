package io.lipsync.model.videomae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Param;
import io.lipsync.model.nn.Params;

/** A pre-norm transformer block: x += attn(norm1(x)); x += mlp(norm2(x)). qkv has q and v biases, no k bias. */
final class VitBlock {
    private final LayerNorm norm1;
    private final Param qkv;
    private final Param qBias;
    private final Param vBias;
    private final Linear proj;
    private final LayerNorm norm2;
    private final Linear fc1;
    private final Linear fc2;
    private final int heads;
    private final float scale;

    VitBlock(Params p, VitConfig c) {
        long d = c.width();
        norm1 = new LayerNorm(p.child("norm1"), d, 1e-6f);
        Params attn = p.child("attn");
        qkv = attn.child("qkv").add("weight", 3 * d, d);
        qBias = attn.add("q_bias", d);
        vBias = attn.add("v_bias", d);
        proj = new Linear(attn.child("proj"), d, d, true);
        norm2 = new LayerNorm(p.child("norm2"), d, 1e-6f);
        fc1 = new Linear(p.child("mlp").child("fc1"), d, c.mlpHidden(), true);
        fc2 = new Linear(p.child("mlp").child("fc2"), c.mlpHidden(), d, true);
        heads = c.heads();
        scale = (float) (1.0 / Math.sqrt((double) d / heads));
    }

    /** (B, N, D) -> (B, N, D) */
    NDArray forward(NDArray x) {
        NDArray h = norm1.forward(x);
        NDArray bias = NDArrays.concat(new NDList(qBias.value(), vBias.value().zerosLike(), vBias.value()));
        NDArray qkvOut = Autocast.low(h).matMul(Autocast.low(qkv.value().transpose())).add(Autocast.low(bias));
        NDList parts = qkvOut.split(3, 2);
        x = x.add(proj.forward(Ops.attention(parts.get(0), parts.get(1), parts.get(2), heads, scale)));
        return x.add(fc2.forward(Ops.gelu(fc1.forward(norm2.forward(x)))));
    }
}
