package io.lipsync.model.unet;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.GroupNorm;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.util.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * LatentSync's UNet3DConditionModel: a Stable-Diffusion U-Net inflated over frames, with audio
 * cross-attention and temporal motion modules. Video tensors run frame-folded as (B*F, C, H, W).
 */
public final class UNet3D extends Network<UNetConfig> {
    private final Conv2d convIn;
    private final TimestepEmbedding timeEmbedding;
    private final List<DownBlock> downBlocks = new ArrayList<>();
    private final MidBlock midBlock;
    private final List<UpBlock> upBlocks = new ArrayList<>();
    private final GroupNorm convNormOut;
    private final Conv2d convOut;

    public UNet3D(UNetConfig cfg) {
        super("U-Net", KeyMatch.EXACT, cfg);
        List<Integer> widths = cfg.blocks().blockOutChannels();
        int levels = widths.size();
        convIn = new Conv2d(params.child("conv_in"), cfg.blocks().inChannels(), widths.get(0), 3, 1, 1);
        timeEmbedding = new TimestepEmbedding(params.child("time_embedding"), widths.get(0), cfg.timeEmbedDim(),
                cfg.time().flipSinToCos(), cfg.time().freqShift());
        int out = widths.get(0);
        for (int i = 0; i < levels; i++) {
            int in = out;
            out = widths.get(i);
            boolean motion = cfg.motion().use() && cfg.motion().resolutions().contains(1 << i)
                    && !cfg.motion().decoderOnly();
            downBlocks.add(new DownBlock(params.child("down_blocks", i), in, out, cfg,
                    isCrossAttention(cfg.blocks().downBlockTypes().get(i)), motion, i < levels - 1));
        }
        midBlock = new MidBlock(params.child("mid_block"), widths.get(levels - 1), cfg);
        int prevOut = widths.get(levels - 1);
        for (int i = 0; i < levels; i++) {
            int width = widths.get(levels - 1 - i);
            int skipIn = widths.get(Math.max(0, levels - 2 - i));
            boolean motion = cfg.motion().use() && upBlockHasMotion(cfg.motion().resolutions(), i);
            upBlocks.add(new UpBlock(params.child("up_blocks", i), skipIn, prevOut, width, cfg,
                    isCrossAttention(cfg.blocks().upBlockTypes().get(i)), motion, i < levels - 1));
            prevOut = width;
        }
        convNormOut = new GroupNorm(params.child("conv_norm_out"), cfg.norm().groups(), widths.get(0), cfg.norm().eps());
        convOut = new Conv2d(params.child("conv_out"), widths.get(0), cfg.blocks().outChannels(), 3, 1, 1);
    }

    /**
     * Upstream places up block i's motion modules by {@code res = 2 ** (3 - i)}, written for four levels and
     * kept whatever the number of levels: a level past the fourth never has one (2 ** -1 is in no list).
     */
    static boolean upBlockHasMotion(List<Integer> resolutions, int i) {
        return i <= 3 && resolutions.contains(1 << (3 - i));
    }

    private static boolean isCrossAttention(String blockType) {
        return switch (blockType) {
            case "CrossAttnDownBlock3D", "CrossAttnUpBlock3D" -> true;
            case "DownBlock3D", "UpBlock3D" -> false;
            default -> throw new UserError("unknown U-Net block type " + blockType);
        };
    }


    /** The shapes the architecture needs; a mismatch is a caller's bug, named here rather than deep inside. */
    private void checkShapes(NDArray sample, NDArray audio) {
        long[] s = sample.getShape().getShape();
        int down = 1 << (config().blocks().blockOutChannels().size() - 1);
        if (s.length != 5 || s[1] != config().blocks().inChannels() || s[3] % down != 0 || s[4] % down != 0) {
            throw new IllegalArgumentException("U-Net input must be (B, " + config().blocks().inChannels() + ", F, H, W) with H and W "
                    + "divisible by " + down + ", not " + sample.getShape());
        }
        if (audio != null && (audio.getShape().dimension() != 3 || audio.getShape().get(0) != s[0] * s[2]
                || audio.getShape().get(2) != config().attention().crossAttentionDim())) {
            throw new IllegalArgumentException("U-Net audio must be (B*F = " + s[0] * s[2] + ", tokens, "
                    + config().attention().crossAttentionDim() + "), not " + audio.getShape());
        }
    }

    /**
     * Noise prediction. sample (B, Cin, F, H, W), audio (B*F, tokens, D) or null -> (B, Cout, F, H, W).
     * With a {@link DeepCache}, a step it marks as cached reuses the deep features of the last full step.
     */
    public NDArray forward(NDArray sample, float timestep, NDArray audio, DeepCache cache) {
        float[] timesteps = new float[(int) sample.getShape().get(0)];
        java.util.Arrays.fill(timesteps, timestep);
        return forward(sample, timesteps, audio, cache);
    }

    /** The same with a timestep per sample (training draws one for each). */
    public NDArray forward(NDArray sample, float[] timesteps, NDArray audio, DeepCache cache) {
        return forward(sample, timesteps, audio, cache, Checkpointing.NONE);
    }

    /**
     * The same, its pieces run through {@code checkpointing} (gradient checkpointing records them on a tape); a
     * DeepCache serves inference only.
     */
    public NDArray forward(NDArray sample, float[] timesteps, NDArray audio, DeepCache cache, Checkpointing checkpointing) {
        checkShapes(sample, audio);
        if (timesteps.length != sample.getShape().get(0)) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of " + sample.getShape().get(0));
        }
        if (cache != null && checkpointing != Checkpointing.NONE) {
            throw new IllegalArgumentException("DeepCache reuses features across steps; it cannot be checkpointed");
        }
        return ModuleTimes.time("U-Net", () -> Ops.scoped(() -> {
            long b = sample.getShape().get(0);
            int frames = (int) sample.getShape().get(2);
            NDArray temb = ModuleTimes.time("time_embedding", () -> checkpointing.run(
                    in -> timeEmbedding.forward(sample.getManager(), timesteps, sample.getDataType())));
            NDArray h = ModuleTimes.time("conv_in", () -> checkpointing.run(in -> convIn.forward(foldFrames(in[0])), sample));
            int lastIndex = upBlocks.size() - 1;
            UpBlock last = upBlocks.get(lastIndex);
            int finalLayer = last.layerCount() - 1;
            NDArray beforeFinalLayer;
            if (cache != null && cache.reuse()) {
                beforeFinalLayer = cache.stored();
            } else {
                beforeFinalLayer = deepFeatures(h, temb, audio, frames, checkpointing);
                if (cache != null) {
                    cache.store(beforeFinalLayer);
                }
            }
            // The shallowest skip is conv_in's output, which is always fresh.
            NDArray top = ModuleTimes.time("up_blocks." + lastIndex, () -> last.upsample(
                    last.layer(finalLayer, beforeFinalLayer, h, temb, audio, frames, checkpointing), checkpointing));
            return ModuleTimes.time("conv_out", () -> checkpointing.run(
                    in -> unfoldFrames(convOut.forward(Ops.silu(convNormOut.forward(in[0], frames))), b), top));
        }));
    }

    /**
     * Everything up to the last up block's final layer, what DeepCache keeps: conv_in's output h
     * (B*F, C0, H, W) -> (B*F, C0, H, W). The final layer takes h itself as its skip.
     */
    private NDArray deepFeatures(NDArray h, NDArray temb, NDArray audio, int frames, Checkpointing checkpointing) {
        List<NDArray> skips = new ArrayList<>(List.of(h));
        NDArray deep = h;
        for (int i = 0; i < downBlocks.size(); i++) {
            DownBlock block = downBlocks.get(i);
            NDArray x = deep;
            deep = ModuleTimes.time("down_blocks." + i, () -> block.forward(x, temb, audio, frames, skips, checkpointing));
        }
        NDArray bottom = deep;
        deep = ModuleTimes.time("mid_block", () -> midBlock.forward(bottom, temb, audio, frames, checkpointing));
        int lastIndex = upBlocks.size() - 1;
        for (int i = 0; i < lastIndex; i++) {
            UpBlock block = upBlocks.get(i);
            NDArray x = deep;
            deep = ModuleTimes.time("up_blocks." + i, () -> block.forward(x, skips, temb, audio, frames, checkpointing));
        }
        UpBlock last = upBlocks.get(lastIndex);
        NDArray x = deep;
        return ModuleTimes.time("up_blocks." + lastIndex, () -> {
            NDArray y = x;
            for (int i = 0; i < last.layerCount() - 1; i++) {
                y = last.layer(i, y, skips.remove(skips.size() - 1), temb, audio, frames, checkpointing);
            }
            return y;
        });
    }

    /** (B, C, F, H, W) -> (B*F, C, H, W) */
    private static NDArray foldFrames(NDArray video) {
        long[] s = video.getShape().getShape();
        return video.transpose(0, 2, 1, 3, 4).reshape(s[0] * s[2], s[1], s[3], s[4]);
    }

    /** (B*F, C, H, W) -> (B, C, F, H, W) */
    private static NDArray unfoldFrames(NDArray frames, long batch) {
        long[] s = frames.getShape().getShape();
        return frames.reshape(batch, s[0] / batch, s[1], s[2], s[3]).transpose(0, 2, 1, 3, 4);
    }
}
