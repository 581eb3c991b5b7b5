package io.lipsync.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.lipsync.diffusion.ForwardNoise;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.nn.Autocast;
import io.lipsync.model.nn.Constants;
import io.lipsync.model.nn.Interpolate;
import io.lipsync.model.nn.Checkpointing;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One iteration of upstream's train_unet.py with the noise-prediction loss (stage 1): the frozen VAE encodes
 * the target, masked and reference frames (posterior samples), the mouth mask is resized to the latents,
 * mixed noise is added at a timestep per sample, the U-Net predicts the noise from the 13-channel input and
 * the audio windows; loss = recon_loss_weight * MSE; backward, clip, AdamW on the trainable parameters.
 */
public record UNetStep(UNet3D unet, AutoencoderKL vae, ForwardNoise noising, Settings settings, PixelLosses pixelLosses,
            ParamUpdate update) {
    /**
     * A batch as UNetDataset yields it: frames (B, F, 3, H, W) in [-1, 1] (target, masked, reference), the
     * fixed mask (1, H, W) (1 keeps, 0 = mouth), Whisper windows (B, F, tokens, D).
     */
    public record Batch(NDArray gtPixels, NDArray maskedPixels, NDArray refPixels, NDArray mask, NDArray audioEmbeds,
            NDArray mel) {}

    /**
     * Stage 2's frozen judges of the one-step clean estimate decoded to pixels, and their weights; a null
     * judge or a zero weight turns its term off (stage2_efficient has no TREPA).
     */
    public record PixelLosses(StableSyncNet syncnet, Lpips lpips, TrepaLoss trepa, double syncWeight,
            double lpipsWeight, double trepaWeight) {}

    /** Stage 2's terms: decoded frames ((B F), 3, H, W), the SyncNet's input and embeddings, each loss. */
    public record PixelTerms(NDArray predPixels, NDArray syncnetInput, NDList syncEmbeds, NDArray syncLoss,
            NDArray lpipsPerLayer, NDArray lpipsLoss, TrepaLoss.Result trepa) {}

    /**
     * The step's random draws, in upstream's order: posterior noise ((B F), 4, h, w) for each encode, the
     * shared then the per-frame noise (B, 4, F, h, w), and a timestep per sample.
     */
    public record Draws(NDArray epsGt, NDArray epsMasked, NDArray epsRef, NDArray randnShared, NDArray randnInd,
            float[] timesteps) {
        /** Fresh draws from the engine's generator (seed it for a replayable run). */
        public static Draws sample(NDManager m, int batch, int frames, int latent, int trainTimesteps) {
            Shape eps = new Shape((long) batch * frames, 4, latent, latent);
            Shape noise = new Shape(batch, 4, frames, latent, latent);
            NDArray gt = m.randomNormal(eps);
            NDArray masked = m.randomNormal(eps);
            NDArray ref = m.randomNormal(eps);
            NDArray shared = m.randomNormal(noise);
            NDArray ind = m.randomNormal(noise);
            int[] t = m.randomInteger(0, trainTimesteps, new Shape(batch), ai.djl.ndarray.types.DataType.INT32)
                    .toIntArray();
            float[] timesteps = new float[batch];
            for (int i = 0; i < batch; i++) {
                timesteps[i] = t[i];
            }
            return new Draws(gt, masked, ref, shared, ind, timesteps);
        }
    }

    /** What goes into the U-Net: latents (B, 4, F, h, w), masks (B, 1, F, h, w), noise, noisy latents, input (B, 13, F, h, w). */
    public record Inputs(NDArray gtLatents, NDArray maskedLatents, NDArray refLatents, NDArray masks, NDArray noise,
            NDArray noisyLatents, NDArray unetInput) {}

    /** {@code pixel} is null in stage 1. */
    public record Result(Inputs inputs, NDArray predNoise, NDArray predLatents, NDArray reconLoss, PixelTerms pixel,
            NDArray loss, ParamUpdate.Applied update) {}

    /**
     * run.use_mixed_noise, run.mixed_noise_alpha, run.recon_loss_weight, run.enable_gradient_checkpointing (keep
     * only the U-Net's, the VAE decoder's and the SyncNet's block boundaries and recompute the rest in the
     * backward pass: the same step in far less memory, for about one more forward pass), and the resolved
     * precision of the forward and backward passes (upstream's run.mixed_precision_training, see {@link Precision}).
     */
    public record Settings(boolean mixedNoise, double mixedNoiseAlpha, double reconWeight,
            boolean gradientCheckpointing, Precision precision) {}

    /** {@code pixelLosses} null: stage 1, the noise loss alone. */

    /** Everything before the U-Net, without gradients (the VAE is frozen; upstream encodes under no_grad). */
    public Inputs prepare(Batch batch, Draws draws) {
        Shape s = batch.gtPixels().getShape();
        long b = s.get(0);
        int frames = (int) s.get(1);
        NDArray gt = latents(batch.gtPixels(), draws.epsGt());
        NDArray masked = latents(batch.maskedPixels(), draws.epsMasked());
        NDArray ref = latents(batch.refPixels(), draws.epsRef());
        int h = (int) gt.getShape().get(3);
        NDArray mask = batch.mask().expandDims(0).repeat(0, b * frames);
        NDArray masks = Interpolate.nearest(mask, h, h).reshape(b, frames, 1, h, h).transpose(0, 2, 1, 3, 4);
        NDArray noise = noise(draws, frames);
        NDArray noisy = noising.add(gt, noise, draws.timesteps());
        NDArray input = NDArrays.concat(new NDList(noisy, masks, masked, ref), 1);
        return new Inputs(gt, masked, ref, masks, noise, noisy, input);
    }

    /** pixels (B, F, 3, H, W) -> scaled posterior sample (B, 4, F, h, w) */
    private NDArray latents(NDArray pixels, NDArray eps) {
        Shape s = pixels.getShape();
        NDArray folded = pixels.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
        NDArray sample = vae.encode(folded).sample(eps).sub(VaeConfig.SHIFT_FACTOR).mul(VaeConfig.SCALING_FACTOR);
        Shape l = sample.getShape();
        return sample.reshape(s.get(0), s.get(1), l.get(1), l.get(2), l.get(3)).transpose(0, 2, 1, 3, 4);
    }

    /** Mixed noise: a per-frame part plus a part shared by every frame (frame 0 of its draw). */
    private NDArray noise(Draws d, int frames) {
        if (!settings.mixedNoise()) {
            return d.randnShared().get(":, :, 0:1").repeat(2, frames);
        }
        double a2 = settings.mixedNoiseAlpha() * settings.mixedNoiseAlpha();
        NDArray shared = d.randnShared().mul((float) Math.sqrt(a2 / (1 + a2))).get(":, :, 0:1").repeat(2, frames);
        return d.randnInd().mul((float) Math.sqrt(1 / (1 + a2))).add(shared);
    }

    /** The losses of a batch: noise MSE, and in stage 2 the pixel-space terms; the weighted sum last. */
    private record Losses(NDArray pred, NDArray predLatents, NDArray recon, PixelTerms pixel, NDArray total) {}

    /** The forward pass from the U-Net's input to the loss, its pieces run through {@code pieces}. */
    private Losses losses(Inputs in, Batch batch, float[] timesteps, Checkpointing pieces) {
        Shape a = batch.audioEmbeds().getShape();
        NDArray audio = pieces.constant(batch.audioEmbeds().reshape(a.get(0) * a.get(1), a.get(2), a.get(3)));
        NDArray pred = unet.forward(pieces.constant(in.unetInput()), timesteps, audio, null, pieces);
        NDArray recon = pieces.run(x -> x[0].sub(x[1]).square().mean(), pred, pieces.constant(in.noise()));
        NDArray predLatents = pieces.run(x -> noising.cleanEstimate(x[0], x[1], timesteps), pred,
                pieces.constant(in.noisyLatents()));
        PixelTerms pixel = pixelLosses == null ? null : pixelTerms(predLatents, batch, pieces);
        // Upstream's sum, in its order: recon, sync, LPIPS, TREPA (a term that is off adds 0).
        List<NDArray> terms = new ArrayList<>(List.of(recon));
        List<Float> weights = new ArrayList<>(List.of((float) settings.reconWeight()));
        if (pixel != null && pixel.syncLoss() != null) {
            terms.add(pixel.syncLoss());
            weights.add((float) pixelLosses.syncWeight());
        }
        if (pixel != null && pixel.lpipsLoss() != null) {
            terms.add(pixel.lpipsLoss());
            weights.add((float) pixelLosses.lpipsWeight());
        }
        if (pixel != null && pixel.trepa() != null) {
            terms.add(pixel.trepa().loss());
            weights.add((float) pixelLosses.trepaWeight());
        }
        NDArray total = pieces.run(x -> {
            NDArray sum = x[0].mul(Constants.scalar(x[0], weights.get(0)));
            for (int i = 1; i < x.length; i++) {
                sum = sum.add(x[i].mul(Constants.scalar(x[i], weights.get(i))));
            }
            return sum;
        }, terms.toArray(NDArray[]::new));
        return new Losses(pred, predLatents, recon, pixel, total);
    }

    /** Decode the clean estimate (gradients flow through the frozen VAE) and judge it. */
    private PixelTerms pixelTerms(NDArray predLatents, Batch batch, Checkpointing pieces) {
        NDArray latents = pieces.run(x -> {
            Shape l = x[0].getShape();
            return x[0].transpose(0, 2, 1, 3, 4).reshape(l.get(0) * l.get(2), l.get(1), l.get(3), l.get(4))
                    .div(Constants.scalar(x[0], VaeConfig.SCALING_FACTOR)).add(VaeConfig.SHIFT_FACTOR);
        }, predLatents);
        NDArray pred = vae.decode(latents, pieces);
        Shape g = batch.gtPixels().getShape();
        NDArray gt = pieces.constant(batch.gtPixels().reshape(g.get(0) * g.get(1), g.get(2), g.get(3), g.get(4)));
        long h = g.get(3);
        NDArray perLayer = null;
        NDArray lpipsLoss = null;
        if (pixelLosses.lpips() != null && pixelLosses.lpipsWeight() != 0) {
            String lower = ":, :, " + h / 2 + ":, :";
            perLayer = pieces.run(x -> pixelLosses.lpips().perStage(x[0].get(lower), x[1].get(lower)), pred, gt);
            lpipsLoss = pieces.run(x -> x[0].sum(new int[] {1}).mean(), perLayer);
        }
        TrepaLoss.Result trepa = null;
        if (pixelLosses.trepa() != null && pixelLosses.trepaWeight() != 0) {
            TrepaLoss judge = pixelLosses.trepa();
            NDArray fake = pieces.run(x -> judge.features(clips(x[0], g.get(0))), pred);
            // The real clip's features take no gradient: computed once, outside any piece.
            NDArray real = pieces.constant(judge.features(clips(gt, g.get(0))));
            trepa = new TrepaLoss.Result(fake, real, pieces.run(x -> TrepaLoss.loss(x[0], x[1]), fake, real));
        }
        NDArray syncInput = null;
        NDList embeds = null;
        NDArray syncLoss = null;
        if (pixelLosses.syncnet() != null) {
            StableSyncNet net = pixelLosses.syncnet();
            int r = net.config().resolution();
            syncInput = pieces.run(x -> {
                NDArray sized = h == r ? x[0] : Interpolate.bicubic(x[0], r, r);
                return net.visualInput(sized.reshape(g.get(0), g.get(1), g.get(2), r, r));
            }, pred);
            embeds = net.forward(syncInput, pieces.constant(batch.mel()), pieces);
            syncLoss = pieces.run(x -> {
                NDArray cos = StableSyncNet.cosine(x[0], x[1]);
                return StableSyncNet.bce(cos, cos.onesLike()).mean();
            }, embeds.get(0), embeds.get(1));
        }
        return new PixelTerms(pred, syncInput, embeds, syncLoss, perLayer, lpipsLoss, trepa);
    }

    /** ((B F), C, H, W) -> (B, C, F, H, W) */
    private static NDArray clips(NDArray frames, long batch) {
        Shape s = frames.getShape();
        return frames.reshape(batch, s.get(0) / batch, s.get(1), s.get(2), s.get(3)).transpose(0, 2, 1, 3, 4);
    }

    /** A batch and the noise drawn for it: one micro-batch of a step. */
    public record Sample(Batch batch, Draws draws) {}

    /** One training step on a batch and its draws (see {@link Trainer#step}); only the result survives it. */
    public Result run(Batch batch, Draws draws) {
        Trainer.Stepped<Result> s = Trainer.step(update, List.of(new Sample(batch, draws)), this::backward);
        Result r = s.passes().get(0);
        return new Result(r.inputs(), r.predNoise(), r.predLatents(), r.reconLoss(), r.pixel(), r.loss(), s.update());
    }

    /** Forward and backward of one micro-batch; the result's {@code update} is null (the step's own comes after). */
    public Result backward(Sample sample, Trainer.LossWeight weight) {
        Batch batch = sample.batch();
        float[] timesteps = sample.draws().timesteps();
        return Autocast.run(settings.precision().autocast(), () -> {
            Inputs in = prepare(batch, sample.draws());
            Losses l;
            if (settings.gradientCheckpointing()) {
                try (RecomputeTape tape = new RecomputeTape()) {
                    l = losses(in, batch, timesteps, tape);
                    NDArray share = tape.run(x -> weight.share(x[0]), l.total());
                    tape.backward(share, Constants.scalar(share, weight.scale()));
                }
            } else {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    l = losses(in, batch, timesteps, Checkpointing.NONE);
                    collector.backward(weight.scaled(l.total()));
                }
            }
            return new Result(in, l.pred(), l.predLatents(), l.recon(), l.pixel(), l.total(), null);
        });
    }

    /** The loss on a batch and draws without training (the loss after a step, validation). */
    public NDArray loss(Batch batch, Draws draws) {
        return Autocast.run(settings.precision().autocast(),
                () -> losses(prepare(batch, draws), batch, draws.timesteps(), Checkpointing.NONE).total());
    }
}
