package io.lipsync.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.model.syncnet.StableSyncNet;
import java.util.List;
import java.util.function.Function;

/**
 * One iteration of upstream's train_syncnet.py: frames (B, F, 3, H, W) become (B, F*3, H, W) and, with
 * lower_half, their lower rows; SyncNet embeds them and the mel windows; the loss is the mean BCE of the
 * cosines against y; backward, unscale, clip_grad_norm_, AdamW step unless the gradients overflowed.
 */
public final class SyncNetStep {
    /** What a step measured: its forward values over all micro-batches, and what the update did. */
    public record Result(NDArray visualInput, NDList embeds, NDArray cosines, NDArray bce, NDArray loss,
            ParamUpdate.Applied update) {
        /** Share of samples the rule (cos > 0.5) == y gets right, as eval_syncnet_acc.py counts. */
        public float accuracy(NDArray y) {
            return cosines.gt(0.5f).eq(y.gt(0.5f)).toType(DataType.FLOAT32, false).mean().getFloat();
        }
    }

    private final StableSyncNet net;
    private final ParamUpdate update;
    private final boolean checkpointing;
    private final Precision precision;

    /** Plain float32 training, no loss scaling. Every parameter trains. */
    public SyncNetStep(StableSyncNet net, AdamW optimizer, double maxGradNorm) {
        this(net, optimizer, maxGradNorm, false, Precision.FP32);
    }

    /**
     * {@code checkpointing}: keep only the encoder blocks' boundaries and recompute each block's activations in
     * the backward pass (gradient checkpointing), for one more forward pass; the step's result is the same.
     * {@code precision}: the forward and backward passes' arithmetic, and the loss scaling it needs.
     */
    public SyncNetStep(StableSyncNet net, AdamW optimizer, double maxGradNorm, boolean checkpointing,
            Precision precision) {
        this.net = net;
        this.update = new ParamUpdate(List.copyOf(net.params().weights().values()), optimizer, precision.scaler(),
                maxGradNorm);
        this.checkpointing = checkpointing;
        this.precision = precision;
    }

    /** The trainable parameters (all of them), their optimiser and loss scaler. */
    public ParamUpdate update() {
        return update;
    }

    /**
     * frames (B, F, 3, H, W) in [-1, 1], mel (B, 1, 80, L), y (B) of 0/1. Everything the step makes on the
     * way (gradient handles, the optimiser's temporaries) is freed with it; only the result survives.
     */
    public Result run(NDArray frames, NDArray mel, NDArray y) {
        return run(List.of(new SyncNetBatches.Batch(frames, mel, y)));
    }

    /**
     * One optimiser step over equal micro-batches (gradient accumulation, see {@link Trainer#step}). The
     * result describes the micro-batches together.
     */
    public Result run(List<SyncNetBatches.Batch> microBatches) {
        return result(Trainer.step(update, microBatches, this::backward));
    }

    /** A micro-batch's forward values: the visual input (B, F*3, h, W), embeddings, cosines and per-sample BCE. */
    public record Pass(NDArray visual, NDList embeds, NDArray cosines, NDArray bce) {}

    /** Forward and backward of one micro-batch. */
    public Pass backward(SyncNetBatches.Batch batch, Trainer.LossWeight weight) {
        NDArray visual = net.visualInput(batch.frames());
        return Autocast.run(precision.autocast(), () -> checkpointing
                ? checkpointed(visual, batch, weight) : plain(visual, batch, weight));
    }

    /** The micro-batches' passes joined, with the update. */
    public static Result result(Trainer.Stepped<Pass> s) {
        List<Pass> passes = s.passes();
        NDArray cos = join(passes, Pass::cosines);
        NDArray bce = join(passes, Pass::bce);
        NDList embeds = new NDList(join(passes, p -> p.embeds().get(0)), join(passes, p -> p.embeds().get(1)));
        return new Result(join(passes, Pass::visual), embeds, cos, bce, bce.mean(), s.update());
    }

    /** Forward to the per-sample BCE, the pieces run through {@code pieces}. */
    private Pass pass(NDArray visual, SyncNetBatches.Batch batch, Checkpointing pieces) {
        NDList embeds = net.forward(visual, pieces.constant(batch.mel()), pieces);
        NDArray cos = pieces.run(x -> StableSyncNet.cosine(x[0], x[1]), embeds.get(0), embeds.get(1));
        return new Pass(visual, embeds, cos, pieces.run(x -> StableSyncNet.bce(x[0], batch.y()), cos));
    }

    private Pass plain(NDArray visual, SyncNetBatches.Batch batch, Trainer.LossWeight weight) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Pass p = pass(visual, batch, Checkpointing.NONE);
            collector.backward(weight.scaled(p.bce().mean()));
            return p;
        }
    }

    /** The same, with the encoders' blocks recomputed in the backward pass. */
    private Pass checkpointed(NDArray visual, SyncNetBatches.Batch batch, Trainer.LossWeight weight) {
        try (RecomputeTape tape = new RecomputeTape()) {
            Pass p = pass(tape.constant(visual), batch, tape);
            NDArray loss = tape.run(x -> weight.share(x[0].mean()), p.bce());
            tape.backward(loss, Constants.scalar(loss, weight.scale()));
            return new Pass(visual, p.embeds(), p.cosines(), p.bce());
        }
    }

    private static NDArray join(List<Pass> passes, Function<Pass, NDArray> part) {
        return passes.size() == 1 ? part.apply(passes.get(0))
                : NDArrays.concat(new NDList(passes.stream().map(part).toList()));
    }

    /** The loss on a batch without training (validation, or the loss after a step). */
    public NDArray loss(NDArray frames, NDArray mel, NDArray y) {
        NDList embeds = net.forward(net.visualInput(frames), mel);
        return StableSyncNet.bce(StableSyncNet.cosine(embeds.get(0), embeds.get(1)), y).mean();
    }

    /** Validation: {loss, accuracy} of a batch, without gradients. */
    public float[] evaluate(SyncNetBatches.Batch batch) {
        try (NDScope scope = new NDScope()) {
            NDList embeds = net.forward(net.visualInput(batch.frames()), batch.mel());
            NDArray cos = StableSyncNet.cosine(embeds.get(0), embeds.get(1));
            float loss = StableSyncNet.bce(cos, batch.y()).mean().getFloat();
            float accuracy = cos.gt(0.5f).eq(batch.y().gt(0.5f)).toType(DataType.FLOAT32, false).mean().getFloat();
            return new float[] {loss, accuracy};
        }
    }
}
