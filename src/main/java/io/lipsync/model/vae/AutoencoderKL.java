package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.ModuleTimes;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Network;
import io.lipsync.model.nn.Checkpointing;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The Stable Diffusion VAE (diffusers AutoencoderKL): encode to a diagonal Gaussian, decode latents. */
public final class AutoencoderKL extends Network<VaeConfig> {
    /** The encoder's latent distribution; each (N, latent, h, w). */
    public record Posterior(NDArray mean, NDArray logvar, NDArray std) {
        /** mean + std * eps */
        public NDArray sample(NDArray eps) {
            return mean.add(std.mul(eps));
        }
    }

    private static final int SLICE = 4;

    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    public AutoencoderKL(VaeConfig cfg) {
        super("VAE", KeyMatch.EXACT, cfg);
        encoder = new VaeEncoder(params.child("encoder"), cfg);
        decoder = new VaeDecoder(params.child("decoder"), cfg);
        long moments = 2L * cfg.latentChannels();
        quantConv = cfg.useQuantConv() ? new Conv2d(params.child("quant_conv"), moments, moments, 1, 1, 0) : null;
        postQuantConv = cfg.usePostQuantConv() ? new Conv2d(params.child("post_quant_conv"), cfg.latentChannels(),
                cfg.latentChannels(), 1, 1, 0) : null;
    }


    /** images (N, 3, H, W) in [-1, 1] -> posterior over (N, latent, H/8, W/8) */
    public Posterior encode(NDArray images) {
        NDArray moments = ModuleTimes.time("VAE encode", () -> sliced(images, Checkpointing.NONE, slice -> {
            NDArray m = encoder.forward(slice);
            return quantConv == null ? m : quantConv.forward(m);
        }));
        NDList halves = moments.split(2, 1);
        NDArray logvar = halves.get(1).clip(-30f, 20f);
        return new Posterior(halves.get(0), logvar, logvar.mul(0.5f).exp());
    }

    /** raw latents (N, latent, h, w) -> images (N, 3, 8h, 8w), nominally in [-1, 1] */
    public NDArray decode(NDArray latents) {
        return decode(latents, Checkpointing.NONE);
    }

    /** The same, its pieces run through {@code checkpointing} (gradient checkpointing in stage-2 training). */
    public NDArray decode(NDArray latents, Checkpointing checkpointing) {
        return ModuleTimes.time("VAE decode", () -> sliced(latents, checkpointing, slice -> decoder.forward(
                postQuantConv == null ? slice : checkpointing.run(in -> postQuantConv.forward(in[0]), slice), checkpointing)));
    }

    /**
     * Runs images through in slices of {@link #SLICE}: the VAE works per image, and full-resolution
     * activations of a whole 16-frame chunk at once would take gigabytes.
     */
    private static NDArray sliced(NDArray batch, Checkpointing checkpointing, UnaryOperator<NDArray> body) {
        long n = batch.getShape().get(0);
        if (n <= SLICE) {
            return Ops.scoped(() -> body.apply(batch));
        }
        List<NDArray> parts = new ArrayList<>();
        for (long start = 0; start < n; start += SLICE) {
            String range = start + ":" + Math.min(n, start + SLICE);
            parts.add(Ops.scoped(() -> body.apply(checkpointing.run(in -> in[0].get(range), batch))));
        }
        return checkpointing.run(in -> NDArrays.concat(new NDList(in), 0), parts.toArray(NDArray[]::new));
    }
}
