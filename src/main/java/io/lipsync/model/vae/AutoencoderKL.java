package io.lipsync.model.vae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.Conv2d;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;

/** The Stable Diffusion VAE (diffusers AutoencoderKL): encode to a diagonal Gaussian, decode latents. */
public final class AutoencoderKL {
    /** The encoder's latent distribution; each (N, latent, h, w). */
    public record Posterior(NDArray mean, NDArray logvar, NDArray std) {
        /** mean + std * eps */
        public NDArray sample(NDArray eps) {
            return mean.add(std.mul(eps));
        }
    }

    private final VaeConfig config;
    private final Params params = Params.root();
    private final VaeEncoder encoder;
    private final VaeDecoder decoder;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;

    public AutoencoderKL(VaeConfig cfg) {
        this.config = cfg;
        encoder = new VaeEncoder(params.child("encoder"), cfg);
        decoder = new VaeDecoder(params.child("decoder"), cfg);
        long moments = 2L * cfg.latentChannels();
        quantConv = cfg.useQuantConv() ? new Conv2d(params.child("quant_conv"), moments, moments, 1, 1, 0) : null;
        postQuantConv = cfg.usePostQuantConv() ? new Conv2d(params.child("post_quant_conv"), cfg.latentChannels(),
                cfg.latentChannels(), 1, 1, 0) : null;
    }

    public VaeConfig config() {
        return config;
    }

    public Params params() {
        return params;
    }

    public void load(StateDict weights, NDManager manager) {
        WeightLoader.load(params, weights, manager, "VAE");
    }

    /** images (N, 3, H, W) in [-1, 1] -> posterior over (N, latent, H/8, W/8) */
    public Posterior encode(NDArray images) {
        NDArray moments = Ops.scoped(() -> {
            NDArray m = encoder.forward(images);
            return quantConv == null ? m : quantConv.forward(m);
        });
        NDList halves = moments.split(2, 1);
        NDArray logvar = halves.get(1).clip(-30f, 20f);
        return new Posterior(halves.get(0), logvar, logvar.mul(0.5f).exp());
    }

    /** raw latents (N, latent, h, w) -> images (N, 3, 8h, 8w), nominally in [-1, 1] */
    public NDArray decode(NDArray latents) {
        return Ops.scoped(() -> decoder.forward(postQuantConv == null ? latents : postQuantConv.forward(latents)));
    }
}
