package io.lipsync.weights;

import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.model.unet.UNetConfig;
import io.lipsync.model.vae.AutoencoderKL;
import io.lipsync.model.vae.VaeConfig;
import io.lipsync.model.whisper.WhisperDims;
import io.lipsync.model.whisper.WhisperEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifies a checkpoints folder without loading weights: every file present, sizes and hashes as recorded
 * at download, and each file's keys and shapes against the architecture built from its config.
 */
public final class CheckpointCheck {
    /** The verdict on one file. */
    public record Finding(String file, boolean ok, String detail) {}

    private CheckpointCheck() {}

    public static List<Finding> run(CheckpointFolder folder, String version, boolean hashes) {
        List<Finding> out = new ArrayList<>();
        CheckpointFolder.Record record = folder.record().orElse(null);
        for (ModelFile f : ModelCatalog.files(version)) {
            Path p = folder.root().resolve(f.localPath());
            if (!Files.isRegularFile(p)) {
                out.add(new Finding(f.localPath(), false, "missing; run `lipsync models download --version "
                        + version + "`"));
                continue;
            }
            out.add(integrity(f, p, record, hashes));
        }
        if (out.stream().anyMatch(x -> !x.ok())) {
            return out;
        }
        out.add(keys("U-Net keys (" + ModelCatalog.unetConfig(version) + ")",
                () -> new UNet3D(UNetConfig.builtin(ModelCatalog.unetConfig(version))).params(), folder.unet()));
        out.add(keys("Whisper keys", () -> {
            StateDict sd = StateDict.load(folder.whisper());
            if (!(sd.extras().get("dims") instanceof Map<?, ?> dims)) {
                throw new CheckpointException("no 'dims' entry, so not an openai-format Whisper file",
                        "download whisper/tiny.pt again");
            }
            return new WhisperEncoder(WhisperDims.fromMap(dims)).params();
        }, folder.whisper()));
        out.add(keys("VAE keys", () -> new AutoencoderKL(Files.isRegularFile(folder.vae().resolve("config.json"))
                ? VaeConfig.load(folder.vae()) : VaeConfig.sdVaeFtMse()).params(), folder.vae()));
        return out;
    }

    private static Finding integrity(ModelFile f, Path p, CheckpointFolder.Record record, boolean hashes) {
        try {
            long size = Files.size(p);
            CheckpointFolder.FileRecord expected = record == null || record.files() == null ? null
                    : record.files().get(f.localPath());
            if (expected == null) {
                return new Finding(f.localPath(), true, size + " bytes (no download record to compare with)");
            }
            if (expected.size() != size) {
                return new Finding(f.localPath(), false, size + " bytes but " + expected.size()
                        + " were downloaded; the file changed or is truncated, download it again");
            }
            if (hashes && expected.sha256() != null) {
                String sha = HubDownloader.Sha256.of(p);
                if (!sha.equals(expected.sha256())) {
                    return new Finding(f.localPath(), false, "sha256 " + sha + " differs from the downloaded "
                            + expected.sha256() + "; the file is corrupted, download it again");
                }
                return new Finding(f.localPath(), true, size + " bytes, sha256 verified");
            }
            return new Finding(f.localPath(), true, size + " bytes as downloaded");
        } catch (IOException e) {
            return new Finding(f.localPath(), false, "unreadable: " + e.getMessage());
        }
    }

    private interface ParamsSource {
        Params get();
    }

    private static Finding keys(String what, ParamsSource architecture, Path file) {
        try {
            KeyCheck check = KeyCheck.compare(architecture.get().expectedKeys(),
                    WeightLoader.shapes(StateDict.load(file)));
            return new Finding(what, check.clean(), check.clean() ? "every key and shape matches"
                    : check.describe());
        } catch (CheckpointException e) {
            return new Finding(what, false, e.userMessage());
        } catch (RuntimeException e) {
            return new Finding(what, false, e.getMessage());
        }
    }
}
