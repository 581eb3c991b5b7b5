package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import io.lipsync.nets.Nets;
import io.lipsync.diffusion.DdimScheduler;
import io.lipsync.diffusion.DpmSolver;
import io.lipsync.diffusion.Sampler;
import io.lipsync.diffusion.SamplerKind;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.latentsync.LatentSync;
import io.lipsync.latentsync.DenoiseOptions;
import io.lipsync.latentsync.FaceLatents;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.util.UserError;
import java.util.ArrayList;
import java.util.List;

/** Runners for the sampling kinds: the DDIM scheduler and a whole chunk's denoising loop. */
final class DiffusionCases {
    private DiffusionCases() {}

    static CaseOutputs ddim(ParityCase c, Fixtures f, NDManager m) {
        DdimScheduler scheduler = new DdimScheduler(SchedulerConfig.fromJson(c.config()));
        CaseOutputs out = new CaseOutputs();
        NDArray sample = f.inputArray(c, "sample", m);
        NDArray modelOutput = f.inputArray(c, "model_output", m);
        for (String key : c.outputKeys()) {
            if (key.startsWith("timesteps_")) {
                out.put(key, floats(scheduler.timesteps(Integer.parseInt(key.substring("timesteps_".length())))));
            } else if (key.startsWith("step_t")) {
                int t = Integer.parseInt(key.substring("step_t".length()));
                out.put(key, scheduler.step(modelOutput, t, sample, 20));
            }
        }
        return out;
    }

    /** Whole DPM-Solver++ trajectories, one fresh run per step count, driven by the stored model outputs. */
    static CaseOutputs dpmSolver(ParityCase c, Fixtures f, NDManager m) {
        SchedulerConfig config = SchedulerConfig.fromJson(c.config());
        NDArray start = f.inputArray(c, "sample", m);
        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            int steps = Integer.parseInt(key.substring(key.lastIndexOf('_') + 1));
            try (Sampler sampler = SamplerKind.DPM_SOLVER.start(config, steps)) {
                if (key.startsWith("timesteps_")) {
                    out.put(key, floats(sampler.timesteps()));
                } else if (key.startsWith("init_noise_sigma_")) {
                    out.put(key, Tensor.of(new float[] {DpmSolver.INIT_NOISE_SIGMA}, 1));
                } else if (key.startsWith("samples_")) {
                    NDArray outputs = f.inputArray(c, "model_outputs_" + steps, m);
                    NDList samples = new NDList();
                    NDArray x = start;
                    for (int i = 0; i < steps; i++) {
                        x = sampler.step(outputs.get(i), i, x);
                        samples.add(x);
                    }
                    out.put(key, NDArrays.stack(samples, 0));
                }
            }
        }
        return out;
    }

    static CaseOutputs chunkDenoise(ParityCase c, Fixtures f, NDManager m) {
        UNet3D unet = Nets.load(new UNet3D(UNetConfig.load(f.path(c.input("unet_config")))),
                f.path(c.input("unet_checkpoint")), m);
        AutoencoderKL vae = Nets.loadVae(f.path(c.input("vae")), m);
        LatentSync latentSync = LatentSync.of(unet, vae);
        DenoiseOptions options = options(c);

        NDArray faces = f.inputArray(c, "faces", m);
        NDArray mask = f.inputArray(c, "mask", m);
        FaceLatents latents = latentSync.encodeFaces(faces, mask);
        NDArray masked = LatentSync.sampleLatents(latents.masked(), f.inputArray(c, "eps_masked", m));
        NDArray reference = LatentSync.sampleLatents(latents.reference(), f.inputArray(c, "eps_ref", m));

        NDList noisePerStep = new NDList();
        List<Float> fullSteps = new ArrayList<>();
        NDArray finalLatents = latentSync.denoiseChunk(f.inputArray(c, "noise", m), latents.latentMask(), masked, reference,
                f.inputArray(c, "audio_windows", m), options, (index, t, noise, full) -> {
                    noisePerStep.add(noise.duplicate());
                    fullSteps.add(full ? 1f : 0f);
                });
        NDArray decoded = latentSync.decode(finalLatents);

        CaseOutputs out = new CaseOutputs();
        for (String key : c.outputKeys()) {
            switch (key) {
                case "masked_latents" -> out.put(key, masked);
                case "ref_latents" -> out.put(key, reference);
                case "final_latents" -> out.put(key, finalLatents);
                case "decoded" -> out.put(key, decoded);
                case "pasted" -> out.put(key, LatentSync.paste(decoded, faces, mask));
                case "timesteps" -> out.put(key, floats(latentSync.timesteps(options)));
                case "noise_pred" -> out.put(key, NDArrays.stack(noisePerStep, 0));
                case "full_step" -> {
                    float[] flags = new float[fullSteps.size()];
                    for (int i = 0; i < flags.length; i++) {
                        flags[i] = fullSteps.get(i);
                    }
                    out.put(key, Tensor.of(flags, flags.length));
                }
                default -> { }
            }
        }
        return out;
    }

    private static DenoiseOptions options(ParityCase c) {
        JsonElement deepCache = c.config().get("deepcache");
        boolean enabled = deepCache != null && deepCache.isJsonObject();
        int interval = enabled && deepCache.getAsJsonObject().has("cache_interval")
                ? deepCache.getAsJsonObject().get("cache_interval").getAsInt() : DenoiseOptions.DEFAULT_CACHE_INTERVAL;
        if (enabled && deepCache.getAsJsonObject().has("cache_branch_id")
                && deepCache.getAsJsonObject().get("cache_branch_id").getAsInt() != 0) {
            throw new UserError("only DeepCache branch 0 (upstream's setting) is implemented");
        }
        return new DenoiseOptions(c.configInt("steps", DenoiseOptions.DEFAULT_STEPS),
                c.configFloat("guidance_scale", DenoiseOptions.DEFAULT_GUIDANCE), enabled, interval);
    }

    private static Tensor floats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return Tensor.of(out, out.length);
    }
}
