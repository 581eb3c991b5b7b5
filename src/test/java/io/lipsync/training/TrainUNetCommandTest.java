package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lipsync train unet} end to end on the tiny U-Nets, each run in a process of its own: it fine-tunes
 * on the shared face clip (prepared by {@code lipsync data prepare}) with a validation render scored by the
 * tiny SyncNet, its loss falls, a resumed run retraces the straight one, and its checkpoint renders.
 */
class TrainUNetCommandTest {
    @TempDir
    static Path dir;
    static Path data;

    /** The shared face clip through `lipsync data prepare`: its two shots with a face become the training clips. */
    @BeforeAll
    static void prepare() throws Exception {
        Path raw = SharedFixtures.rawVideos(dir);
        data = dir.resolve("prepared");
        lipsync("data", "prepare", "--in", raw.toString(), "--out", data.toString(), "--face-detector",
                TestModels.blazeFace().toString());
    }

    private static String lipsync(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-cp", System.getProperty("java.class.path"), "io.lipsync.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(900, TimeUnit.SECONDS), "lipsync ended");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String train(Path out, String... more) throws Exception {
        Path train = SharedFixtures.parityTrain();
        Path parity = SharedFixtures.parity();
        List<String> args = new ArrayList<>(List.of("train", "unet", "--config", train.resolve("unet_stage1_tiny.yaml").toString(),
                "--data", data.toString(), "--out", out.toString(), "--init", train.resolve("unet_tiny_random.pt").toString(),
                "--vae", parity.resolve("vae_tiny_random").toString(), "--whisper",
                parity.resolve("whisper_tiny_random.pt").toString(), "--cache", dir.resolve("cache").toString(),
                "--batch", "1"));
        args.addAll(List.of(more));
        return lipsync(args.toArray(String[]::new));
    }

    private static List<Double> losses(Path out) throws Exception {
        return new MetricsLog(out.resolve("metrics.jsonl")).read().stream()
                .filter(l -> l.get("kind").getAsString().equals("train")).map(l -> l.get("loss").getAsDouble()).toList();
    }

    @Test
    void itFineTunesValidatesAndItsCheckpointRenders() throws Exception {
        Path out = dir.resolve("run");
        Path train = SharedFixtures.parityTrain();
        String log = train(out, "--max-steps", "20", "--save-every", "20", "--val-video",
                SharedFixtures.media().resolve("face-clip.mp4").toString(), "--val-audio",
                SharedFixtures.media().resolve("voice-en.wav").toString(), "--val-steps", "1", "--syncnet",
                train.resolve("syncnet_tiny.pt").toString(), "--syncnet-config", train.resolve("syncnet_tiny.yaml").toString(),
                "--face-detector", TestModels.blazeFace().toString());
        assertTrue(log.contains("finished at step 20"), log);
        assertTrue(log.contains("252 keys of unet_tiny_random.pt are not in this config's model"), log);
        List<Double> losses = losses(out);
        assertEquals(20, losses.size());
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(15, 20).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < 0.9 * first, "loss " + first + " -> " + last + ": " + losses);
        JsonObject val = new MetricsLog(out.resolve("metrics.jsonl")).read().stream()
                .filter(l -> l.get("kind").getAsString().equals("val")).findFirst().orElseThrow(() -> new AssertionError(log));
        float cosine = val.get("sync_cosine").getAsFloat();
        assertTrue(cosine >= -1 && cosine <= 1, "validation sync cosine " + cosine);
        assertTrue(Files.size(out.resolve("val_videos/val_video_20.mp4")) > 10_000);
        Path checkpoint = out.resolve("checkpoints/checkpoint-20.pt");
        assertEquals(20L, ((Number) StateDict.load(checkpoint).extras().get("global_step")).longValue());

        Path render = dir.resolve("render.mp4");
        Path parity = SharedFixtures.parity();
        lipsync("render", "--video", SharedFixtures.media().resolve("face-clip.mp4").toString(), "--audio",
                SharedFixtures.media().resolve("voice-en.wav").toString(), "--out", render.toString(), "--steps", "1",
                "--unet-config", train.resolve("unet_stage1_tiny.yaml").toString(), "--unet-ckpt", checkpoint.toString(),
                "--whisper", parity.resolve("whisper_tiny_random.pt").toString(), "--vae",
                parity.resolve("vae_tiny_random").toString(), "--face-detector", TestModels.blazeFace().toString(),
                "--cache", dir.resolve("render-cache").toString());
        assertTrue(Files.size(render) > 10_000, "the fine-tuned checkpoint renders");
    }

    /** Stage 2 on tiny stand-ins of the official judges: every loss term is logged, and the checkpoint renders. */
    @Test
    void stageTwoTrainsWithItsPixelSpaceJudges() throws Exception {
        Path t = SharedFixtures.parityTrain();
        Path out = dir.resolve("stage2");
        String log = lipsync("train", "unet", "--config", t.resolve("unet_stage2_tiny.yaml").toString(), "--data",
                data.toString(), "--out", out.toString(), "--init", t.resolve("unet_tiny_random.pt").toString(), "--vae",
                SharedFixtures.parity().resolve("vae_tiny_random").toString(), "--whisper",
                SharedFixtures.parity().resolve("whisper_tiny_random.pt").toString(), "--cache",
                dir.resolve("cache").toString(), "--batch", "1", "--max-steps", "4", "--save-every", "4", "--syncnet",
                t.resolve("syncnet_tiny.pt").toString(), "--syncnet-config", t.resolve("syncnet_tiny.yaml").toString(),
                "--lpips-vgg", t.resolve("lpips_vgg16_trunk_tiny.pth").toString(), "--lpips-lin",
                t.resolve("lpips_vgg_lin_tiny.pth").toString(), "--videomae", t.resolve("trepa_vit_tiny.pth").toString(),
                "--videomae-config", t.resolve("trepa_vit_tiny_config.json").toString());
        assertTrue(log.contains("finished at step 4"), log);
        for (JsonObject line : new MetricsLog(out.resolve("metrics.jsonl")).read()) {
            double total = line.get("recon_loss").getAsDouble() + 0.05 * line.get("sync_loss").getAsDouble()
                    + 0.1 * line.get("lpips_loss").getAsDouble() + 10 * line.get("trepa_loss").getAsDouble();
            assertEquals(total, line.get("loss").getAsDouble(), 1e-5, "upstream's weighted sum: " + line);
        }
        Path render = dir.resolve("render-stage2.mp4");
        lipsync("render", "--video", SharedFixtures.media().resolve("face-clip.mp4").toString(), "--audio",
                SharedFixtures.media().resolve("voice-en.wav").toString(), "--out", render.toString(), "--steps", "1",
                "--unet-config", t.resolve("unet_stage2_tiny.yaml").toString(), "--unet-ckpt",
                out.resolve("checkpoints/checkpoint-4.pt").toString(), "--whisper",
                SharedFixtures.parity().resolve("whisper_tiny_random.pt").toString(), "--vae",
                SharedFixtures.parity().resolve("vae_tiny_random").toString(), "--face-detector",
                TestModels.blazeFace().toString(), "--cache", dir.resolve("render-cache").toString());
        assertTrue(Files.size(render) > 10_000, "the stage-2 checkpoint renders");
    }

    @Test
    void aResumedRunRetracesTheStraightOne() throws Exception {
        Path straight = dir.resolve("straight");
        train(straight, "--max-steps", "6", "--save-every", "100");
        Path resumed = dir.resolve("resumed");
        train(resumed, "--max-steps", "3", "--save-every", "100");
        train(resumed, "--max-steps", "6", "--save-every", "100", "--resume");
        float[] a = StateDict.load(straight.resolve("checkpoints/checkpoint-6.pt")).get("conv_in.weight").toFloats();
        float[] b = StateDict.load(resumed.resolve("checkpoints/checkpoint-6.pt")).get("conv_in.weight").toFloats();
        assertEquals(losses(straight), losses(resumed));
        assertArrayEquals(a, b);
    }
}
