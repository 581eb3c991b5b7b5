package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.lipsync.testing.EvalModels;
import io.lipsync.testing.RedrawnMouths;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.SyntheticClips;
import io.lipsync.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lipsync eval}: LSE, SSIM and FVD on the shared face clip with random-weight stand-ins of the official
 * files; {@code lipsync eval sync}: scores real faces found by the face stage, and tells synced audio from other
 * audio.
 */
class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    void measuresLseSsimFvdAndFidAgainstAReference() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        EvalModels.syncnetV2(checkpoints);
        EvalModels.i3d(checkpoints);
        EvalModels.fidInception(checkpoints);
        Path clip = SharedFixtures.media().resolve("face-clip.mp4");
        Path report = dir.resolve("report.json");
        String[] r = ModelsCommandTest.run("eval", "--video", clip.toString(), "--reference", clip.toString(),
                "--checkpoints", checkpoints.toString(), "--face-detector", TestModels.blazeFace().toString(),
                "--out", report.toString(), "--fid-every", "20");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("S3FD's weights are absent"), r[1]);
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        JsonObject row = json.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertTrue(row.get("lseC").getAsDouble() >= 0 && row.get("lseD").getAsDouble() > 0, row.toString());
        assertTrue(Math.abs(row.get("offset").getAsInt()) <= 15, row.toString());
        assertEquals(1.0, row.get("ssim").getAsDouble(), 1e-12, "a video against itself");
        assertEquals(0.0, row.get("changed").getAsDouble(), 0, "a video against itself");
        // Against itself the two sets of clips are the same: their Frechet distance is 0 up to rounding. Clips
        // start every 16 frames from frame 20: 11, less the one over the face-less frames 100-115.
        assertEquals(0.0, json.get("fvd").getAsDouble(), 1e-3, r[1]);
        assertTrue(r[1].contains("FVD over 10 clips against 10"), r[1]);
        // FID reads every 20th of the 200 frames on each side; against itself it is 0 up to rounding.
        assertTrue(r[1].contains("FID over 10 frames against 10"), r[1]);
        assertEquals(0.0, json.get("fid").getAsDouble(), 1e-2, r[1]);
        assertTrue(Files.size(dir.resolve("report.png")) > 1000);
    }

    @Test
    void measuresARenderAgainstItsSourceClip() throws Exception {
        Path parity = SharedFixtures.parity();
        Path clip = SharedFixtures.media().resolve("face-clip.mp4");
        Path render = dir.resolve("render.mp4");
        String[] rendered = ModelsCommandTest.run("render", "--video", clip.toString(), "--audio",
                SharedFixtures.media().resolve("voice-en.wav").toString(), "--out", render.toString(), "--steps", "1",
                "--cache", dir.resolve("cache").toString(), "--unet-config", parity.resolve("unet_tiny.yaml").toString(),
                "--unet-ckpt", parity.resolve("unet_tiny_random.pt").toString(), "--whisper",
                parity.resolve("whisper_tiny_random.pt").toString(), "--vae", parity.resolve("vae_tiny_random").toString(),
                "--face-detector", TestModels.blazeFace().toString());
        assertEquals("0", rendered[0], rendered[1]);
        Path checkpoints = dir.resolve("checkpoints");
        EvalModels.syncnetV2(checkpoints);
        EvalModels.s3fd(checkpoints);
        EvalModels.i3d(checkpoints);
        EvalModels.fidInception(checkpoints);
        Path report = dir.resolve("render.json");
        String[] r = ModelsCommandTest.run("eval", "--video", render.toString(), "--reference", clip.toString(),
                "--checkpoints", checkpoints.toString(), "--face-detector", TestModels.blazeFace().toString(),
                "--out", report.toString(), "--fid-every", "20");
        assertEquals("0", r[0], r[1]);
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        JsonObject row = json.getAsJsonArray("rows").get(0).getAsJsonObject();
        // The random stand-in nets give arbitrary LSE (or no face track at all, said in the note); the render's
        // mouth is a tiny random model's, so it is close to its source but not the same.
        assertTrue(row.has("lseC") || row.get("note").getAsString().contains("no face track"), row.toString());
        double ssim = row.get("ssim").getAsDouble();
        assertTrue(ssim > 0.5 && ssim < 1, "SSIM " + ssim);
        assertTrue(json.get("fvd").getAsDouble() > 0, r[1]);
        // A random Inception's features barely move with the mouth region; FID is measured, near 0.
        assertTrue(Double.isFinite(json.get("fid").getAsDouble()) && r[1].contains("FID over 9 frames against 10"), r[1]);
        assertTrue(r[1].contains("faces for LSE: S3FD"), r[1]);
    }

    /** How a user compares two presets' renders: the share of frames whose mouth differs, in the table and the JSON. */
    @Test
    void countsTheFramesThatDifferVisiblyFromTheReference() throws Exception {
        Path plain = dir.resolve("standard.mp4");
        Path edited = dir.resolve("draft.mp4");
        int frames = RedrawnMouths.write(plain, edited, 40, Set.of(3, 4, 20, 33, 39));
        Path report = dir.resolve("draft.json");
        String[] r = ModelsCommandTest.run("eval", "--video", edited.toString(), "--reference", plain.toString(),
                "--checkpoints", dir.resolve("none").toString(), "--out", report.toString());
        assertEquals("0", r[0], r[1]);
        assertEquals(40, frames);
        JsonObject row = JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("rows")
                .get(0).getAsJsonObject();
        assertEquals(5.0 / 40, row.get("changed").getAsDouble(), 1e-12, row.toString());
        assertTrue(r[1].contains(" 12.5% "), r[1]);
    }

    @Test
    void findsFacesWithS3fdWhenItsWeightsArePresentAndSaysWhatWasNotMeasured() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        EvalModels.syncnetV2(checkpoints);
        EvalModels.s3fd(checkpoints);
        String[] r = ModelsCommandTest.run("eval", "--video", SharedFixtures.media().resolve("face-clip.mp4")
                .toString(), "--checkpoints", checkpoints.toString(), "--face-detector",
                TestModels.blazeFace().toString());
        assertTrue(r[1].contains("faces for LSE: S3FD"), r[1]);
        assertTrue(r[1].contains("SSIM, changed frames, FVD and FID not measured: they compare against references"), r[1]);
    }

    @Test
    void aFolderNeedsAReferenceOfTheSameNameForEachVideo() throws Exception {
        Path videos = Files.createDirectories(dir.resolve("renders"));
        Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), videos.resolve("a.mp4"));
        Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), videos.resolve("b.mp4"));
        Path references = Files.createDirectories(dir.resolve("originals"));
        Files.copy(SharedFixtures.media().resolve("face-clip.mp4"), references.resolve("a.mp4"));
        String[] r = ModelsCommandTest.run("eval", "--video", videos.toString(), "--reference", references.toString(),
                "--checkpoints", dir.resolve("none").toString());
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("lacks references for b.mp4"), r[1]);
    }

    @Test
    void scoresTheWindowsOfARealFaceClip() throws Exception {
        Path train = SharedFixtures.parityTrain();
        Path json = dir.resolve("report.json");
        String[] r = ModelsCommandTest.run("eval", "sync", "--video", SharedFixtures.media().resolve("face-clip.mp4")
                .toString(), "--audio", SharedFixtures.media().resolve("voice-en.wav").toString(), "--config",
                train.resolve("syncnet_tiny.yaml").toString(), "--syncnet", train.resolve("syncnet_tiny.pt").toString(),
                "--face-detector", TestModels.blazeFace().toString(), "--json", json.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("overall: mean cosine"), r[1]);
        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        int scored = 0;
        for (var w : report.getAsJsonArray("windows")) {
            float cos = w.getAsJsonObject().get("cosine").getAsFloat();
            if (!Float.isNaN(cos)) {
                scored++;
                assertTrue(cos >= -1.0001f && cos <= 1.0001f, "cosine " + cos);
            }
        }
        assertTrue(scored >= 3, r[1]);
    }

    @Test
    void aTrainedSyncNetScoresTheClipsOwnAudioAboveAnotherClips() throws Exception {
        Path data = dir.resolve("data");
        SyntheticClips.write(data, 4, 100, 64, 11);
        Path heldOut = dir.resolve("held-out");
        SyntheticClips.write(heldOut, 2, 100, 64, 99);
        Path config = dir.resolve("syncnet.yaml");
        Files.writeString(config, Files.readString(SharedFixtures.parityTrain().resolve("syncnet_tiny.yaml"))
                .replace("lr: 1.0e-05", "lr: 3.0e-04"));
        Path run = dir.resolve("run");
        String[] trained = ModelsCommandTest.run("train", "syncnet", "--config", config.toString(), "--data",
                data.toString(), "--cache", dir.resolve("mel").toString(), "--out", run.toString(), "--batch", "16",
                "--max-steps", "100", "--val-every", "100", "--val-samples", "16");
        assertEquals("0", trained[0], trained[1]);
        double own = meanCosine(config, run, heldOut.resolve("clip0.mp4"), heldOut.resolve("clip0.mp4"));
        double other = meanCosine(config, run, heldOut.resolve("clip0.mp4"), heldOut.resolve("clip1.mp4"));
        assertTrue(own > other + 0.1, "mean cosine with its own audio " + own + ", with another clip's " + other);
    }

    private double meanCosine(Path config, Path run, Path video, Path audio) throws Exception {
        Path json = Files.createTempFile(dir, "report", ".json");
        String[] r = ModelsCommandTest.run("eval", "sync", "--video", video.toString(), "--audio", audio.toString(),
                "--config", config.toString(), "--syncnet", run.resolve("checkpoints/checkpoint-100.pt").toString(),
                "--aligned", "--stride", "4", "--json", json.toString());
        assertEquals("0", r[0], r[1]);
        return JsonParser.parseString(Files.readString(json)).getAsJsonObject().get("meanCosine").getAsDouble();
    }

    @Test
    void saysWhereToGetTheSyncNetWhenItIsMissing() {
        String[] r = ModelsCommandTest.run("eval", "sync", "--video", SharedFixtures.media().resolve("face-clip.mp4")
                .toString(), "--checkpoints", dir.toString());
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("lipsync models download --training"), r[1]);
    }
}
