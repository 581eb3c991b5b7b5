package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.testing.FakeHub;
import io.lipsync.testing.ManifestCheckpoints;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TorchZipWriter;
import io.lipsync.modelfiles.CheckpointFolder;
import io.lipsync.modelfiles.Digests;
import io.lipsync.modelfiles.LockedFile;
import io.lipsync.modelfiles.Proof;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {
    @TempDir
    Path dir;

    /** Runs the CLI, returning its exit code and what it printed. */
    static String[] run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            var cli = Main.commandLine();
            cli.setErr(new java.io.PrintWriter(err, true));
            int code = cli.execute(args);
            return new String[] {String.valueOf(code), out.toString() + err};
        } finally {
            System.setOut(oldOut);
        }
    }

    private Path officialLayout() throws Exception {
        Path parity = SharedFixtures.parity();
        Path root = dir.resolve("checkpoints");
        Files.createDirectories(root.resolve("whisper"));
        Files.createDirectories(root.resolve("sd-vae-ft-mse"));
        new TorchZipWriter().put("state_dict", ManifestCheckpoints.broadcastTensors(
                ManifestCheckpoints.keys(parity.resolve("manifest_unet_stage2_512.json"))))
                .put("global_step", 1).write(root.resolve("latentsync_unet.pt"), "latentsync_unet");
        Map<String, Object> dims = new LinkedHashMap<>(Map.of("n_mels", 80, "n_audio_ctx", 1500, "n_audio_state", 384,
                "n_audio_head", 6, "n_audio_layer", 4, "n_vocab", 51865, "n_text_ctx", 448, "n_text_state", 384,
                "n_text_head", 6, "n_text_layer", 4));
        new TorchZipWriter().put("dims", dims).put("model_state_dict", ManifestCheckpoints.broadcastTensors(
                ManifestCheckpoints.keys(parity.resolve("manifest_whisper_tiny.json"))))
                .write(root.resolve("whisper/tiny.pt"), "tiny");
        Files.copy(parity.resolve("vae_tiny_random/config.json"), root.resolve("sd-vae-ft-mse/config.json"));
        String sdConfig = Files.readString(root.resolve("sd-vae-ft-mse/config.json"))
                .replace("\"block_out_channels\": [\n    16,\n    16,\n    32,\n    32\n  ]",
                        "\"block_out_channels\": [128, 256, 512, 512]")
                .replace("\"layers_per_block\": 1", "\"layers_per_block\": 2")
                .replace("\"norm_num_groups\": 8", "\"norm_num_groups\": 32");
        Files.writeString(root.resolve("sd-vae-ft-mse/config.json"), sdConfig);
        ManifestCheckpoints.sparseSafetensors(root.resolve("sd-vae-ft-mse/diffusion_pytorch_model.safetensors"),
                ManifestCheckpoints.keys(parity.resolve("manifest_vae_sd_ft_mse.json")));
        return root;
    }

    @Test
    void checkPassesOnTheOfficialLayoutAndFailsOnATruncatedFile() throws Exception {
        Path root = officialLayout();
        String[] ok = run("models", "check", root.toString(), "--version", "1.6");
        assertEquals("0", ok[0], ok[1]);
        assertTrue(ok[1].contains("U-Net keys (stage2_512): every key and shape matches"), ok[1]);
        assertTrue(ok[1].contains("VAE keys: every key and shape matches"), ok[1]);

        CheckpointFolder folder = new CheckpointFolder(root);
        Path unet = root.resolve("latentsync_unet.pt");
        folder.remember("1.6", "latentsync_unet.pt", new LockedFile(Files.size(unet), Digests.of(unet).sha256(),
                "0123456789abcdef0123456789abcdef01234567", Proof.SHA256));
        byte[] bytes = Files.readAllBytes(unet);
        Files.write(unet, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        String[] bad = run("models", "check", root.toString());
        assertEquals("1", bad[0], bad[1]);
        assertTrue(bad[1].contains("FAIL  latentsync_unet.pt"), bad[1]);
        assertTrue(bad[1].contains("download it again"), bad[1]);
    }

    @Test
    void checkNamesMissingFiles() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        String[] r = run("models", "check", dir.resolve("empty").toString(), "--version", "1.5");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("latentsync_unet.pt: missing; run `lipsync models download --version 1.5`"), r[1]);
    }

    @Test
    void downloadFetchesEveryFileOfAVersionAndRecordsIt() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            Path parity = SharedFixtures.parity();
            hub.put("ByteDance/LatentSync-1.5", "latentsync_unet.pt",
                    Files.readAllBytes(parity.resolve("unet_tiny_random.pt")));
            hub.put("ByteDance/LatentSync-1.5", "whisper/tiny.pt",
                    Files.readAllBytes(parity.resolve("whisper_tiny_random.pt")));
            hub.putSmall("stabilityai/sd-vae-ft-mse", "config.json",
                    Files.readAllBytes(parity.resolve("vae_tiny_random/config.json")));
            hub.put("stabilityai/sd-vae-ft-mse", "diffusion_pytorch_model.safetensors",
                    Files.readAllBytes(parity.resolve("vae_tiny_random/diffusion_pytorch_model.safetensors")));
            hub.cutNext(1);
            Path root = dir.resolve("ck");
            String[] r = run("models", "download", "--version", "1.5", "--checkpoints", root.toString(),
                    "--endpoint", hub.endpoint().toString());
            assertEquals("0", r[0], r[1]);
            assertTrue(r[1].contains("LatentSync 1.5 checkpoints are complete"), r[1]);
            assertEquals("1.5", new CheckpointFolder(root).version());
            Map<String, LockedFile> locked = new CheckpointFolder(root).record().orElseThrow().files();
            assertEquals(4, locked.size());
            assertEquals(new LockedFile(Files.size(root.resolve("sd-vae-ft-mse/config.json")),
                    FakeHub.sha256(Files.readAllBytes(parity.resolve("vae_tiny_random/config.json"))), FakeHub.COMMIT,
                    Proof.GIT_BLOB), locked.get("sd-vae-ft-mse/config.json"));
            assertEquals(Proof.SHA256, locked.get("latentsync_unet.pt").proof());
            // The tiny random models are not the 1.5 architecture: check must say so by key.
            String[] check = run("models", "check", root.toString());
            assertEquals("1", check[0]);
            assertTrue(check[1].contains("ok    latentsync_unet.pt: ") && check[1].contains("sha256 as locked from commit "
                    + FakeHub.COMMIT.substring(0, 12) + "; sha256 given by the source"), check[1]);
            assertTrue(check[1].contains("ok    sd-vae-ft-mse/config.json: ")
                    && check[1].contains("git blob id given by the source"), check[1]);
            assertTrue(check[1].contains("FAIL  U-Net keys (stage2)"), check[1]);
            assertTrue(check[1].contains("shape mismatches"), check[1]);
        }
    }

    @Test
    void downloadWithTrainingAndDataFetchesTheirFilesAndTheSyncNetLoads() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            Path parity = SharedFixtures.parity();
            hub.put("ByteDance/LatentSync-1.6", "latentsync_unet.pt", Files.readAllBytes(parity.resolve("unet_tiny_random.pt")));
            hub.put("ByteDance/LatentSync-1.6", "whisper/tiny.pt", Files.readAllBytes(parity.resolve("whisper_tiny_random.pt")));
            hub.putSmall("stabilityai/sd-vae-ft-mse", "config.json", Files.readAllBytes(parity.resolve("vae_tiny_random/config.json")));
            hub.put("stabilityai/sd-vae-ft-mse", "diffusion_pytorch_model.safetensors",
                    Files.readAllBytes(parity.resolve("vae_tiny_random/diffusion_pytorch_model.safetensors")));
            byte[] syncnet = Files.readAllBytes(SharedFixtures.parityTrain().resolve("syncnet_tiny.pt"));
            hub.put("ByteDance/LatentSync-1.6", "stable_syncnet.pt", syncnet);
            for (String aux : new String[] {"vgg16-397923af.pth", "vit_g_hybrid_pt_1200e_ssv2_ft.pth", "sfd_face.pth",
                    "syncnet_v2.model", "koniq_pretrained.pkl", "i3d_torchscript.pt"}) {
                hub.put("ByteDance/LatentSync-1.5", "auxiliary/" + aux, ("stand-in for " + aux).getBytes());
            }
            hub.cutNext(1);
            Path root = dir.resolve("ck");
            // FID's Inception comes from a plain address; one serving another file is refused, with a warning.
            String fidUrl = hub.endpoint() + "/ByteDance/LatentSync-1.6/resolve/main/stable_syncnet.pt";
            String[] r = run("models", "download", "--version", "1.6", "--training", "--data", "--checkpoints",
                    root.toString(), "--endpoint", hub.endpoint().toString(), "--fid-url", fidUrl);
            assertEquals("0", r[0], r[1]);
            assertTrue(r[1].contains("warn FID's Inception not fetched") && r[1].contains("not the expected file"), r[1]);
            assertTrue(!Files.exists(root.resolve(io.lipsync.modelfiles.ModelCatalog.FID_INCEPTION)), "nothing kept");
            assertTrue(r[1].contains("with training files and data-pipeline files are complete"), r[1]);
            assertEquals(11, new CheckpointFolder(root).record().orElseThrow().files().size());
            assertTrue(java.util.Arrays.equals(syncnet, Files.readAllBytes(root.resolve("stable_syncnet.pt"))));
            assertTrue(Files.isRegularFile(root.resolve("auxiliary/i3d_torchscript.pt")));
            // The fetched SyncNet is the one eval sync loads by default from the checkpoints folder.
            String[] eval = run("eval", "sync", "--video", SharedFixtures.media().resolve("face-clip.mp4").toString(),
                    "--checkpoints", root.toString(), "--config",
                    SharedFixtures.parityTrain().resolve("syncnet_tiny.yaml").toString(), "--face-detector",
                    io.lipsync.testing.TestModels.blazeFace().toString());
            assertEquals("0", eval[0], eval[1]);
            assertTrue(eval[1].contains("overall: mean cosine"), eval[1]);
        }
    }
}
