package io.lipsync.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.lipsync.nets.Nets;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.videomae.VideoMaeVit;
import io.lipsync.model.videomae.VitConfig;
import io.lipsync.training.TrepaLoss;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Runners for the frozen networks U-Net training uses as losses: LPIPS and TREPA. */
final class LossCases {
    private LossCases() {}

    /** An LPIPS from its trunk and linear weight files; the trunk's layer list is read off its weights. */
    static Lpips lpips(Fixtures f, String trunk, String lin, NDManager m) {
        return Nets.loadLpips(f.path(trunk), f.path(lin), m);
    }

    /** LPIPS forward (the distance and its per-stage terms) and the gradient with respect to the first image. */
    static CaseOutputs lpips(ParityCase c, Fixtures f, NDManager m) throws Exception {
        Lpips lpips = lpips(f, c.config().get("trunk").getAsString(), c.config().get("lin").getAsString(), m);
        NDArray in0 = f.inputArray(c, "in0", m);
        NDArray in1 = f.inputArray(c, "in1", m);
        CaseOutputs out = new CaseOutputs();
        backward(in0, f.inputArray(c, "grad_out_value", m), x -> lpips.perStage(x, in1), LossCases::distance,
                (perStage, value) -> out.put("value", value).put("per_layer", perStage)
                        .put("grad_in0", in0.getGradient()));
        return out;
    }

    /** LPIPS's distance: the sum of its per-stage terms, shaped as upstream returns it. */
    private static NDArray distance(NDArray perStage) {
        return perStage.sum(new int[] {1}).reshape(-1, 1, 1, 1);
    }

    /**
     * Runs {@code forward} on {@code input} under a gradient tape, back-propagates its {@code output} weighted by
     * the fixture's {@code gradOut}, and hands the result and that output to {@code read} while the gradients
     * are there.
     */
    private static <R> void backward(NDArray input, NDArray gradOut, Function<NDArray, R> forward,
            Function<R, NDArray> output, BiConsumer<R, NDArray> read) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            input.setRequiresGradient(true);
            R result = forward.apply(input);
            NDArray value = output.apply(result);
            collector.backward(value.mul(gradOut).sum());
            read.accept(result, value);
        }
    }

    /** The VideoMAE ViT of a case, from its constructor-arguments JSON and checkpoint. */
    static VideoMaeVit vit(Fixtures f, String config, String checkpoint, NDManager m) {
        VideoMaeVit vit = new VideoMaeVit(VitConfig.fromJson(f.path(config)));
        Nets.load(vit, f.path(checkpoint), m);
        return vit;
    }

    /** TREPA: the loss, both clips' features, the position table used, and the gradient for the fake clip. */
    static CaseOutputs trepa(ParityCase c, Fixtures f, NDManager m) throws Exception {
        VideoMaeVit vit = vit(f, c.config().get("vit_config").getAsString(), c.config().get("checkpoint").getAsString(), m);
        NDArray fake = f.inputArray(c, "videos_fake", m);
        NDArray real = f.inputArray(c, "videos_real", m);
        CaseOutputs out = new CaseOutputs();
        backward(fake, f.inputArray(c, "grad_out_loss", m), x -> new TrepaLoss(vit).compute(x, real),
                TrepaLoss.Result::loss, (r, loss) -> out.put("loss", loss.reshape(1)).put("feats_fake", r.featuresFake())
                        .put("feats_real", r.featuresReal()).put("grad_videos_fake", fake.getGradient()));
        return out.put("pos_embed", vit.positionTable(m, c.configInt("frames", 16)));
    }
}
