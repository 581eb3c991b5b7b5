package io.lipsync.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.diffusion.ForwardNoise;
import io.lipsync.nets.Nets;
import io.lipsync.diffusion.DdimScheduler;
import io.lipsync.diffusion.SchedulerConfig;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.nn.Param;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.training.AdamW;
import io.lipsync.training.ParamUpdate;
import io.lipsync.training.Precision;
import io.lipsync.training.Trainable;
import io.lipsync.training.TrepaLoss;
import io.lipsync.training.UNetStep;
import io.lipsync.training.UNetTrainConfig;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runners for upstream's U-Net training iterations (scripts/train_unet.py), through the trainer's {@link UNetStep}. */
final class UNetTrainingCases {
    private UNetTrainingCases() {}

    /** A case's models, optimiser and step, built as the trainer builds them from the case's config. */
    private record Setup(UNetTrainConfig config, UNet3D unet, List<Param> trainable, ParamUpdate update, UNetStep step,
            int ignoredKeys, float[] alphasCumprod) {
        static Setup of(ParityCase c, Fixtures f, NDManager m) throws Exception {
            return of(c, f, m, null, Precision.FP32);
        }

        /** {@code checkpointing} null: as the case's config says. The fixtures' goldens are float32. */
        static Setup of(ParityCase c, Fixtures f, NDManager m, Boolean checkpointing, Precision precision)
                throws Exception {
            UNetTrainConfig config = UNetTrainConfig.load(f.path(c.input("config")));
            if (config.run().losses().useSyncnet() && config.model().attention().addAudioLayer() && !config.run().losses().pixelSpaceSupervise()) {
                throw new CaseNotImplemented("a SyncNet on latents (use_syncnet without pixel_space_supervise)");
            }
            UNet3D unet = new UNet3D(config.model());
            int ignored = Nets.loadPart(unet, f.path(c.input("checkpoint")), m).size();
            unet.params().makeTrainable();
            List<Param> trainable = Trainable.select(unet.params(), config.model().motion().use(),
                    config.run().trainableModules());
            double lr = c.config().has("lr") ? c.config().get("lr").getAsDouble() : config.optimizer().lr();
            AdamW optimizer = new AdamW(AdamW.Config.upstream(lr), trainable.stream().map(Param::value).toList());
            ParamUpdate update = new ParamUpdate(trainable, optimizer, null, config.optimizer().maxGradNorm());
            float[] alphas = new DdimScheduler(SchedulerConfig.latentSync()).alphasCumprod();
            UNetStep step = new UNetStep(unet, Nets.loadVae(f.path(c.input("vae")), m),
                    new ForwardNoise(SchedulerConfig.latentSync()),
                    config.stepSettings(checkpointing, precision), pixelLosses(c, f, config, m), update);
            return new Setup(config, unet, trainable, update, step, ignored, alphas);
        }
    }

    /** Stage 2's judges from the case's files: the SyncNet, LPIPS, and TREPA when its weight is not 0. */
    private static UNetStep.PixelLosses pixelLosses(ParityCase c, Fixtures f, UNetTrainConfig config, NDManager m)
            throws Exception {
        if (!config.run().losses().pixelSpaceSupervise()) {
            return null;
        }
        StableSyncNet syncnet = null;
        if (config.run().losses().useSyncnet() && config.model().attention().addAudioLayer()) {
            syncnet = new StableSyncNet(SyncNetConfig.load(f.path(c.input("syncnet_config"))));
            Nets.load(syncnet, f.path(c.input("syncnet_checkpoint")), m);
        }
        Lpips lpips = config.run().losses().perceptual() == 0 ? null
                : LossCases.lpips(f, c.input("lpips_trunk"), c.input("lpips_lin"), m);
        TrepaLoss trepa = config.run().losses().trepa() == 0 ? null
                : new TrepaLoss(LossCases.vit(f, c.input("trepa_config"), c.input("trepa_checkpoint"), m));
        return new UNetStep.PixelLosses(syncnet, lpips, trepa, config.run().losses().sync(), config.run().losses().perceptual(),
                config.run().losses().trepa());
    }

    private static UNetStep.Batch batch(ParityCase c, Fixtures f, NDManager m) {
        return new UNetStep.Batch(f.inputArray(c, "gt_pixel_values", m), f.inputArray(c, "masked_pixel_values", m),
                f.inputArray(c, "ref_pixel_values", m), f.inputArray(c, "mask", m), f.inputArray(c, "audio_embeds", m),
                f.inputArray(c, "mel", m));
    }

    private static UNetStep.Draws draws(ParityCase c, Fixtures f, NDManager m) {
        return new UNetStep.Draws(f.inputArray(c, "eps_gt", m), f.inputArray(c, "eps_masked", m),
                f.inputArray(c, "eps_ref", m), f.inputArray(c, "randn_shared", m), f.inputArray(c, "randn_ind", m),
                f.input(c, "timesteps").data());
    }

    /**
     * A step case run with gradient checkpointing on or off and in a given precision; {@code keep}: the
     * parameters whose raw gradients the result keeps. For comparing paths, beside the fixture's comparison.
     */
    static UNetStep.Result run(ParityCase c, Fixtures f, NDManager m, boolean checkpointing, Precision precision,
            List<String> keep) throws Exception {
        Setup s = Setup.of(c, f, m, checkpointing, precision);
        s.update().keepGradients(keep);
        return s.step().run(batch(c, f, m), draws(c, f, m));
    }

    static CaseOutputs step(ParityCase c, Fixtures f, NDManager m) throws Exception {
        Setup s = Setup.of(c, f, m);
        JsonObject names = JsonParser.parseString(Files.readString(f.path(c.paramsFile()))).getAsJsonObject();
        List<String> order = List.of(new Gson().fromJson(names.get("trainable"), String[].class));
        List<String> selected = List.of(new Gson().fromJson(names.get("selected"), String[].class));
        List<String> groups = List.of(new Gson().fromJson(names.get("groups"), String[].class));
        s.update().keepGradients(selected);
        Map<String, float[]> before = new LinkedHashMap<>();
        s.trainable().forEach(p -> before.put(p.name(), p.value().toFloatArray()));
        Map<String, float[]> frozenBefore = new LinkedHashMap<>();
        s.unet().params().weights().values().stream().filter(p -> !s.trainable().contains(p))
                .forEach(p -> frozenBefore.put(p.name(), p.value().toFloatArray()));
        UNetStep.Batch batch = batch(c, f, m);
        UNetStep.Draws draws = draws(c, f, m);
        UNetStep.Result r = s.step().run(batch, draws);

        CaseOutputs out = new CaseOutputs();
        UNetStep.Inputs in = r.inputs();
        out.put("gt_latents", in.gtLatents()).put("masked_latents", in.maskedLatents()).put("ref_latents", in.refLatents())
                .put("masks", in.masks()).put("noise", in.noise()).put("noisy_gt_latents", in.noisyLatents())
                .put("unet_input", in.unetInput()).put("pred_noise", r.predNoise()).put("pred_latents", r.predLatents())
                .put("recon_loss", r.reconLoss()).put("loss", r.loss())
                .put("grad_total_norm", Tensor.scalar(r.update().gradTotalNorm()));
        out.compare("alphas_cumprod (the trainer's schedule)", Tensor.of(s.alphasCumprod(), s.alphasCumprod().length),
                f.input(c, "alphas_cumprod"));
        out.compare("trainable tensors", Tensor.scalar(s.trainable().size()), Tensor.scalar(order.size()));
        out.compare("checkpoint keys ignored", Tensor.scalar(s.ignoredKeys()),
                Tensor.scalar(c.configInt("checkpoint_keys_ignored", s.ignoredKeys())));
        Map<String, Float> gradNorms = new LinkedHashMap<>();
        for (int i = 0; i < s.trainable().size(); i++) {
            gradNorms.put(s.trainable().get(i).name(), r.update().gradNorms()[i]);
        }
        float[] groupNorms = new float[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            double sum = 0;
            for (Map.Entry<String, Float> e : gradNorms.entrySet()) {
                if (group(e.getKey()).equals(groups.get(g))) {
                    sum += (double) e.getValue() * e.getValue();
                }
            }
            groupNorms[g] = (float) Math.sqrt(sum);
        }
        out.put("group_grad_norms", Tensor.of(groupNorms, groupNorms.length));
        Map<String, Param> byName = new LinkedHashMap<>();
        s.trainable().forEach(p -> byName.put(p.name(), p));
        StepChecks.compare(c, f, out, order, selected,
                new StepChecks.Update(byName, gradNorms, before, r.update().keptGradients()));
        UNetStep.PixelTerms p = r.pixel();
        if (p != null) {
            out.put("pred_pixel_values", p.predPixels());
            if (p.syncLoss() != null) {
                out.put("sync_loss", p.syncLoss()).put("vision_embeds", p.syncEmbeds().get(0))
                        .put("sync_audio_embeds", p.syncEmbeds().get(1))
                        .put("syncnet_input_sample0", p.syncnetInput().get("0:1"));
            }
            if (p.lpipsLoss() != null) {
                out.put("lpips_loss", p.lpipsLoss()).put("lpips_per_layer", p.lpipsPerLayer());
            }
            if (p.trepa() != null) {
                out.put("trepa_loss", p.trepa().loss()).put("trepa_feats_pred", p.trepa().featuresFake())
                        .put("trepa_feats_gt", p.trepa().featuresReal());
            }
        }
        out.compare("frozen parameters changed or given a gradient", Tensor.scalar(frozenTouched(s, frozenBefore)),
                Tensor.scalar(0));
        return out.put("loss_after_step", s.step().loss(batch, draws));
    }

    /** How many parameters outside the trainable set changed or hold a gradient. */
    private static int frozenTouched(Setup s, Map<String, float[]> before) {
        int touched = 0;
        for (Map.Entry<String, float[]> e : before.entrySet()) {
            NDArray value = s.unet().params().weights().get(e.getKey()).value();
            if (!java.util.Arrays.equals(value.toFloatArray(), e.getValue()) || value.hasGradient()) {
                touched++;
            }
        }
        return touched;
    }

    /** The fixture's grouping: the first 3 name parts in down/up blocks, 2 in the mid block, else 1. */
    private static String group(String name) {
        String[] parts = name.split("\\.");
        int n = parts[0].equals("down_blocks") || parts[0].equals("up_blocks") ? 3 : parts[0].equals("mid_block") ? 2 : 1;
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(n, parts.length)));
    }

    /**
     * The same iteration repeated on the same batch and draws, the optimiser's state carrying over: the first
     * {@code match_first} losses and gradient norms within tolerance, then the fixture's decrease rule.
     */
    static CaseOutputs loop(ParityCase c, Fixtures f, NDManager m) throws Exception {
        Setup s = Setup.of(c, f, m);
        UNetStep.Batch batch = batch(c, f, m);
        UNetStep.Draws draws = draws(c, f, m);
        int steps = c.configInt("steps", 30);
        int first = c.configInt("match_first", steps);
        float[] losses = new float[steps];
        float[] norms = new float[steps];
        for (int i = 0; i < steps; i++) {
            try (NDManager scope = m.newSubManager()) {
                UNetStep.Result r = s.step().run(batch, draws);
                losses[i] = r.loss().getFloat();
                norms[i] = r.update().gradTotalNorm();
                r.loss().close();
            }
        }
        Tensor goldenLosses = f.golden(c, "losses");
        Tensor goldenNorms = f.golden(c, "grad_total_norms");
        CaseOutputs out = new CaseOutputs().selector("losses").selector("grad_total_norms");
        out.compare("losses[0:" + first + "]", Tensor.of(java.util.Arrays.copyOf(losses, first), first),
                Tensor.of(java.util.Arrays.copyOf(goldenLosses.data(), first), first), c.tolerance().forOutput("losses"));
        out.compare("grad_total_norms[0:" + first + "]", Tensor.of(java.util.Arrays.copyOf(norms, first), first),
                Tensor.of(java.util.Arrays.copyOf(goldenNorms.data(), first), first),
                c.tolerance().forOutput("grad_total_norms"));
        float last = goldenLosses.data()[steps - 1];
        boolean decreases = losses[steps - 1] < 0.9f * losses[0] && Math.abs(losses[steps - 1] - last) <= 0.1f * last;
        out.compare("decrease rule (last loss " + losses[steps - 1] + ", golden " + last + ")",
                Tensor.scalar(decreases ? 1 : 0), Tensor.scalar(1));
        return out;
    }
}
