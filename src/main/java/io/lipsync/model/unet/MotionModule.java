package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.FeedForward;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.LayerNorm;
import io.lipsync.model.nn.Linear;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * AnimateDiff-style temporal transformer ("Vanilla" motion module): GroupNorm, linear in, blocks of
 * pre-norm temporal self-attentions and a GEGLU feed-forward, linear out, residual.
 */
public final class MotionModule {
    private final GroupNorm norm;
    private final Linear projIn;
    private final List<Block> blocks = new ArrayList<>();
    private final Linear projOut;

    /** One temporal transformer block: the temporal attentions, then the feed-forward. */
    private static final class Block {
        private final List<TemporalAttention> attentions = new ArrayList<>();
        private final List<LayerNorm> norms = new ArrayList<>();
        private final FeedForward ff;
        private final LayerNorm ffNorm;

        Block(Params p, long dim, UNetConfig.MotionConfig cfg) {
            long headDim = dim / cfg.heads() / cfg.attentionDimDiv();
            for (int i = 0; i < cfg.attentionBlocks(); i++) {
                attentions.add(new TemporalAttention(p.child("attention_blocks", i), dim, cfg.heads(), headDim,
                        cfg.positionEncoding(), cfg.maxFrames()));
                norms.add(new LayerNorm(p.child("norms", i), dim));
            }
            ff = new FeedForward(p.child("ff"), dim);
            ffNorm = new LayerNorm(p.child("ff_norm"), dim);
        }

        NDArray forward(NDArray x, int frames) {
            NDArray h = x;
            for (int i = 0; i < attentions.size(); i++) {
                h = attentions.get(i).forward(norms.get(i).forward(h), frames).addi(h);
            }
            return ff.forward(ffNorm.forward(h)).addi(h);
        }
    }

    public MotionModule(Params p, long channels, UNetConfig.MotionConfig cfg) {
        Params t = p.child("temporal_transformer");
        long inner = cfg.heads() * (channels / cfg.heads() / cfg.attentionDimDiv());
        // The temporal transformer always uses 32 groups, whatever the U-Net's norm_num_groups.
        norm = new GroupNorm(t.child("norm"), 32, channels, 1e-6f);
        projIn = new Linear(t.child("proj_in"), channels, inner, true);
        for (int i = 0; i < cfg.transformerBlocks(); i++) {
            blocks.add(new Block(t.child("transformer_blocks", i), inner, cfg));
        }
        projOut = new Linear(t.child("proj_out"), inner, channels, true);
    }

    /** x (B*F, C, H, W) -> (B*F, C, H, W) */
    public NDArray forward(NDArray x, int frames) {
        return Ops.scoped(() -> {
            long n = x.getShape().get(0);
            long c = x.getShape().get(1);
            long h = x.getShape().get(2);
            long w = x.getShape().get(3);
            NDArray tokens = projIn.forward(norm.forward(x).transpose(0, 2, 3, 1).reshape(n, h * w, c));
            for (Block block : blocks) {
                tokens = block.forward(tokens, frames);
            }
            // x first, so that the sum is contiguous like x (see SpatialTransformer).
            return x.add(projOut.forward(tokens).reshape(n, h, w, c).transpose(0, 3, 1, 2));
        });
    }
}
