package io.lipsync.modelfiles;

import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.ModelLoader;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.WeightLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        ModelSet set = ModelSet.resolve(folder.root(), new ModelSet.Overrides(version, null, null, null, null, null));
        out.add(keys("U-Net keys (" + set.configName() + ")",
                () -> ModelLoader.unetArchitecture(set.unetConfig()).params(), set.unet()));
        out.add(keys("Whisper keys", () -> ModelLoader.whisperArchitecture(StateDict.load(set.whisper())).params(),
                set.whisper()));
        out.add(keys("VAE keys", () -> ModelLoader.vaeArchitecture(set.vae()).params(), set.vae()));
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
