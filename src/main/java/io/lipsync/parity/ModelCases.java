package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.lipsync.nets.Nets;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;

/** Runners for the network kinds: one U-Net forward, VAE encode and decode. */
final class ModelCases {
    private ModelCases() {}

    static CaseOutputs unetForward(ParityCase c, Fixtures f, NDManager m) {
        UNet3D unet = Nets.load(new UNet3D(UNetConfig.load(f.path(c.input("config")))), f.path(c.input("checkpoint")), m);
        NDArray sample = f.inputArray(c, "sample", m);
        NDArray audio = f.inputArray(c, "encoder_hidden_states", m);
        float t = f.input(c, "timestep").data()[0];
        return new CaseOutputs().put("out", unet.forward(sample, t, audio, null));
    }

    static CaseOutputs vae(ParityCase c, Fixtures f, NDManager m) {
        AutoencoderKL vae = Nets.loadVae(f.path(c.input("checkpoint")), m);
        AutoencoderKL.Posterior posterior = vae.encode(f.inputArray(c, "image", m));
        return new CaseOutputs()
                .put("mean", posterior.mean())
                .put("std", posterior.std())
                .put("logvar", posterior.logvar())
                .put("decoded", vae.decode(f.inputArray(c, "latents", m)));
    }
}
