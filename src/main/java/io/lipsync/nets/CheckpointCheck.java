package io.lipsync.nets;

import io.lipsync.checkpoint.CheckpointException;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.nn.KeyCheck;
import io.lipsync.model.nn.Params;
import io.lipsync.model.unet.UNet3D;
import io.lipsync.modelfiles.CheckpointFolder;
import io.lipsync.modelfiles.Digests;
import io.lipsync.modelfiles.LockedFile;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.modelfiles.ModelFile;
import io.lipsync.modelfiles.ModelSet;
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
                () -> new UNet3D(set.unetConfig()).params(), set.unet()));
        out.add(keys("Whisper keys", () -> Nets.whisperArchitecture(StateDict.load(set.whisper())).params(),
                set.whisper()));
        out.add(keys("VAE keys", () -> Nets.vaeArchitecture(set.vae()).params(), set.vae()));
        return out;
    }

    private static Finding integrity(ModelFile f, Path p, CheckpointFolder.Record record, boolean hashes) {
        try {
            long size = Files.size(p);
            LockedFile locked = record == null || record.files() == null ? null : record.files().get(f.localPath());
            if (locked == null) {
                return new Finding(f.localPath(), true, size + " bytes, not in the lock file (placed by hand, so "
                        + "unproved; `lipsync models download` locks it)");
            }
            if (locked.size() != size) {
                return new Finding(f.localPath(), false, size + " bytes but " + locked.size()
                        + " were downloaded; the file changed or is truncated, download it again");
            }
            String origin = locked.commit() == null ? "" : " from commit " + shortCommit(locked.commit());
            String proof = locked.proof() == null ? "" : "; " + locked.proof().describe();
            if (hashes && locked.sha256() != null) {
                String sha = Digests.of(p).sha256();
                if (!sha.equals(locked.sha256())) {
                    return new Finding(f.localPath(), false, "sha256 " + sha + " differs from the downloaded "
                            + locked.sha256() + "; the file is corrupted, download it again");
                }
                return new Finding(f.localPath(), true, size + " bytes, sha256 as locked" + origin + proof);
            }
            return new Finding(f.localPath(), true, size + " bytes as locked" + origin + proof);
        } catch (IOException e) {
            return new Finding(f.localPath(), false, "unreadable: " + e.getMessage());
        }
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
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
