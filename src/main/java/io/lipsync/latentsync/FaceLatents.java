package io.lipsync.latentsync;

import ai.djl.ndarray.NDArray;
import io.lipsync.model.vae.AutoencoderKL.Posterior;

/**
 * What the VAE makes of a chunk's aligned faces, before any random draw: the posteriors of the masked
 * faces and of the reference faces, plus the mask at latent size. This is what a clip's cache keeps.
 */
public record FaceLatents(Posterior masked, Posterior reference, NDArray latentMask) {}
