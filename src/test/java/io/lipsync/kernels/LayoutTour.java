package io.lipsync.kernels;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.model.hyperiqa.HyperIqa;
import io.lipsync.model.hyperiqa.HyperIqaConfig;
import io.lipsync.model.inception.FidInception;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.s3fd.S3fdNet;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.syncnetv2.SyncNetV2Config;
import io.lipsync.parity.CaseResult;
import io.lipsync.parity.ParityCase;
import io.lipsync.parity.ParityRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Runs one of each network path, inference and training, so that a parent test can read what oneDNN was
 * fed ({@code ONEDNN_VERBOSE=1}): the shared fixtures' U-Nets (tiny and at an official width), VAE,
 * Whisper, LPIPS, TREPA, the SyncNet and U-Net training steps, SyncNet-v2; and, on random weights, S3FD,
 * HyperIQA and FID's Inception. Prints "case NAME" before each, so a fault can be placed.
 */
public final class LayoutTour {
    private static final Set<String> CASES = Set.of("unet_tiny_forward", "unet_wide_forward", "vae_tiny_encode_decode",
            "whisper_tiny_features", "e2e_chunk_denoise", "lpips_tiny", "trepa_tiny_6frames", "syncnet_train_step",
            "unet_stage1_step", "unet_stage2_step", "syncnet_offset_conf");

    private LayoutTour() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args[0]);
        for (String folder : List.of("parity", "parity-train", "parity-data")) {
            ParityRunner runner = new ParityRunner(shared.resolve(folder));
            for (ParityCase c : runner.cases()) {
                if (CASES.contains(c.name())) {
                    System.out.println("case " + c.name());
                    CaseResult r = runner.run(c);
                    System.out.println("result " + r.line());
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            System.out.println("case s3fd");
            S3fdNet s3fd = new S3fdNet();
            RandomWeights.fill(s3fd.params(), m, 1);
            s3fd.forward(m.randomNormal(new Shape(1, 3, 64, 96)));
            System.out.println("case hyperiqa");
            HyperIqa iqa = new HyperIqa(HyperIqaConfig.koniq());
            RandomWeights.fill(iqa.params(), m, 2);
            iqa.forward(m.randomNormal(new Shape(1, 3, 224, 224)));
            System.out.println("case inception");
            FidInception inception = new FidInception();
            RandomWeights.fill(inception.params(), m, 3);
            inception.features(m.randomUniform(0, 1, new Shape(1, 3, 96, 96)));
            System.out.println("case syncnet_v2");
            SyncNetV2 syncnet = new SyncNetV2(SyncNetV2Config.official());
            RandomWeights.fill(syncnet.params(), m, 4);
            syncnet.lip(m.randomUniform(0, 255, new Shape(1, 3, 5, 224, 224)));
            syncnet.audio(m.randomNormal(new Shape(1, 1, 13, 20)));
        }
        System.out.println("tour done");
    }
}
