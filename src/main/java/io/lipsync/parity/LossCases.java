package io.lipsync.parity;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.lpips.Lpips;
import io.lipsync.model.lpips.LpipsConfig;
import io.lipsync.model.videomae.VideoMaeVit;
import io.lipsync.model.videomae.VitConfig;
import io.lipsync.training.TrepaLoss;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Runners for the frozen networks U-Net training uses as losses: LPIPS and TREPA. */
final class LossCases {
    private LossCases() {}

    /** The LPIPS of a case: its trunk layer list from lpips_tiny_config.json's vgg_cfg, or VGG16's. */
    static Lpips lpips(Fixtures f, String trunk, String lin, String configFile, NDManager m) throws Exception {
        LpipsConfig config = LpipsConfig.vgg16();
        if (configFile != null && Files.isRegularFile(f.path(configFile))) {
            List<Integer> layers = new ArrayList<>();
            for (JsonElement e : JsonParser.parseString(Files.readString(f.path(configFile))).getAsJsonObject()
                    .getAsJsonArray("vgg_cfg")) {
                layers.add(e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : null);
            }
            config = new LpipsConfig(layers);
        }
        Lpips lpips = new Lpips(config);
        lpips.load(StateDict.load(f.path(trunk)), StateDict.load(f.path(lin)), m);
        return lpips;
    }

    /** LPIPS forward (the distance and its per-stage terms) and the gradient with respect to the first image. */
    static CaseOutputs lpips(ParityCase c, Fixtures f, NDManager m) throws Exception {
        Lpips lpips = lpips(f, c.config().get("trunk").getAsString(), c.config().get("lin").getAsString(),
                "lpips_tiny_config.json", m);
        NDArray in0 = f.inputArray(c, "in0", m);
        NDArray in1 = f.inputArray(c, "in1", m);
        CaseOutputs out = new CaseOutputs();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            in0.setRequiresGradient(true);
            NDArray perStage = lpips.perStage(in0, in1);
            NDArray value = perStage.sum(new int[] {1}).reshape(-1, 1, 1, 1);
            collector.backward(value.mul(f.inputArray(c, "grad_out_value", m)).sum());
            out.put("value", value).put("per_layer", perStage).put("grad_in0", in0.getGradient());
        }
        return out;
    }

    /** The VideoMAE ViT of a case, from its constructor-arguments JSON and checkpoint. */
    static VideoMaeVit vit(Fixtures f, String config, String checkpoint, NDManager m) throws Exception {
        JsonObject j = JsonParser.parseString(Files.readString(f.path(config))).getAsJsonObject();
        VideoMaeVit vit = new VideoMaeVit(new VitConfig(j.get("img_size").getAsInt(), j.get("patch_size").getAsInt(),
                j.get("tubelet_size").getAsInt(), j.get("all_frames").getAsInt(), j.get("embed_dim").getAsInt(),
                j.get("depth").getAsInt(), j.get("num_heads").getAsInt(), j.get("mlp_hidden").getAsInt(),
                j.get("num_classes").getAsInt()));
        vit.load(StateDict.load(f.path(checkpoint)), m);
        return vit;
    }

    /** TREPA: the loss, both clips' features, the position table used, and the gradient for the fake clip. */
    static CaseOutputs trepa(ParityCase c, Fixtures f, NDManager m) throws Exception {
        VideoMaeVit vit = vit(f, c.config().get("vit_config").getAsString(), c.config().get("checkpoint").getAsString(), m);
        NDArray fake = f.inputArray(c, "videos_fake", m);
        NDArray real = f.inputArray(c, "videos_real", m);
        CaseOutputs out = new CaseOutputs();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            fake.setRequiresGradient(true);
            TrepaLoss.Result r = new TrepaLoss(vit).compute(fake, real);
            collector.backward(r.loss().mul(f.inputArray(c, "grad_out_loss", m)).sum());
            out.put("loss", r.loss().reshape(1)).put("feats_fake", r.featuresFake()).put("feats_real", r.featuresReal())
                    .put("grad_videos_fake", fake.getGradient());
        }
        return out.put("pos_embed", vit.positionTable(m, c.configInt("frames", 16)));
    }
}
