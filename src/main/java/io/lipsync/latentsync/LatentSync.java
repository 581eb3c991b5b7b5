package io.lipsync.latentsync;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.lipsync.diffusion.Sampler;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.model.nn.Ops;
import io.lipsync.model.unet.DeepCache;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;

/**
 * The LatentSync step on one chunk: encode the masked and reference faces, denoise the latents with DDIM
 * and classifier-free guidance on the audio, decode, and keep the reference pixels outside the mouth mask.
 * Owns upstream's scheduler; everything that knows the VAE's latent packing lives here.
 */
public record LatentSync(UNet3D unet, AutoencoderKL vae, SchedulerConfig schedule) {

    /** The step on loaded networks, with upstream's noise schedule ({@code configs/scheduler_config.json}). */
    public static LatentSync of(UNet3D unet, AutoencoderKL vae) {
        return new LatentSync(unet, vae, SchedulerConfig.latentSync());
    }

    public static LatentSync of(LatentSyncModels models) {
        return of(models.unet(), models.vae());
    }

    /** The timesteps a chunk runs at with these options, first to last. */
    public int[] timesteps(DenoiseOptions options) {
        try (Sampler sampler = options.sampler().start(schedule, options.steps())) {
            return sampler.timesteps();
        }
    }

    /**
     * faces (F, 3, R, R) in [-1, 1]; mask (F, 1, R, R) with 1 = keep, 0 = mouth to regenerate.
     */
    public FaceLatents encodeFaces(NDArray faces, NDArray mask) {
        NDArray masked = faces.mul(mask);
        return new FaceLatents(vae.encode(masked), vae.encode(faces), latentMask(mask));
    }

    /** mask (F, 1, R, R) -> (F, 1, R/8, R/8): nearest downsampling picks every 8th pixel, starting at 0. */
    public NDArray latentMask(NDArray mask) {
        int factor = vae.config().scaleFactor();
        return mask.get(":, :, ::" + factor + ", ::" + factor);
    }

    /** A posterior sample in the U-Net's latent space, (1, 4, F, h, w): ((mean + std * eps) - shift) * scale. */
    public static NDArray sampleLatents(AutoencoderKL.Posterior posterior, NDArray eps) {
        NDArray z = posterior.sample(eps).sub(VaeConfig.SHIFT_FACTOR).mul(VaeConfig.SCALING_FACTOR);
        return z.transpose(1, 0, 2, 3).expandDims(0);
    }

    /**
     * The denoising loop. noise (1, 4, 1, h, w) is repeated over the F frames; maskLatent (F, 1, h, w),
     * maskedLatents and refLatents (1, 4, F, h, w), audio (F, tokens, D) -> final latents (1, 4, F, h, w).
     */
    public NDArray denoiseChunk(NDArray noise, NDArray maskLatent, NDArray maskedLatents, NDArray refLatents,
            NDArray audio, DenoiseOptions options, DenoiseListener listener) {
        int frames = (int) maskedLatents.getShape().get(2);
        NDArray mask = maskLatent.transpose(1, 0, 2, 3).expandDims(0);
        NDArray condition = NDArrays.concat(new NDList(mask, maskedLatents, refLatents), 1);
        NDArray context = audio;
        if (options.guided()) {
            condition = NDArrays.concat(new NDList(condition, condition), 0);
            context = NDArrays.concat(new NDList(audio.zerosLike(), audio), 0);
        }
        NDArray latents = noise.repeat(2, frames);
        try (Sampler sampler = options.sampler().start(schedule, options.steps());
                DeepCache cache = options.deepCache() ? new DeepCache(options.cacheInterval()) : null) {
            // DeepCache counts steps by their position in the run, whatever the sampler.
            int[] timesteps = sampler.timesteps();
            for (int j = 0; j < timesteps.length; j++) {
                int t = timesteps[j];
                if (cache != null) {
                    cache.beginStep(j);
                }
                boolean full = cache == null || !cache.reuse();
                NDArray current = latents;
                NDArray input = condition;
                NDArray ctx = context;
                NDArray guidedNoise = Ops.scoped(() -> {
                    NDArray x = options.guided() ? NDArrays.concat(new NDList(current, current), 0) : current;
                    NDArray predicted = unet.forward(NDArrays.concat(new NDList(x, input), 1), t, ctx, cache);
                    if (!options.guided()) {
                        return predicted;
                    }
                    NDList halves = predicted.split(2, 0);
                    return halves.get(0).add(halves.get(1).sub(halves.get(0)).mul(options.guidance()));
                });
                listener.onStep(j, t, guidedNoise, full);
                NDArray next = sampler.step(guidedNoise, j, latents);
                guidedNoise.close();
                latents.close();
                latents = next;
            }
        }
        return latents;
    }

    /** A cached posterior from its mean and standard deviation (logvar = 2 log std), each (F, 4, h, w). */
    public static AutoencoderKL.Posterior posterior(NDArray mean, NDArray std) {
        return new AutoencoderKL.Posterior(mean, std.log().mul(2f), std);
    }

    /** latents (1, 4, F, h, w) -> decoded faces (F, 3, R, R) */
    public NDArray decode(NDArray latents) {
        NDArray z = latents.get(0).transpose(1, 0, 2, 3).div(VaeConfig.SCALING_FACTOR).add(VaeConfig.SHIFT_FACTOR);
        return vae.decode(z);
    }

    /** decoded*(1 - mask) + faces*mask: the generated mouth inside the mask, the reference elsewhere. */
    public static NDArray paste(NDArray decoded, NDArray faces, NDArray mask) {
        return decoded.mul(mask.neg().add(1f)).add(faces.mul(mask));
    }
}
