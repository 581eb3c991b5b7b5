package io.lipsync.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lipsync data refilter}: other thresholds applied to a prepared data set without judging anything again.
 * Every cut steps 6-7 judged has its sync and quality in the manifest and its clip on disk (kept ones
 * under clips/, filtered ones under filtered/); the verdicts are redone from the manifest's values and clips
 * move between the folders. Clips move first and the manifest is swapped in last; a run cut short is
 * finished by running it again (a clip is looked for in either folder).
 */
public final class Refilter {
    private static final Set<String> REVISABLE = Set.of("sync_av", "filter_visual_quality");

    /** Cuts kept and filtered after the run, and how many changed side. */
    public record Summary(int kept, int filtered, int moved) {}

    private Refilter() {}

    public static Summary run(Path data, Filters filters) throws IOException {
        Manifest manifest = new Manifest(data.resolve("manifest.jsonl"));
        if (!Files.isRegularFile(manifest.file())) {
            throw new io.lipsync.util.UserError(data + " has no manifest.jsonl", "give a folder made by `lipsync data "
                    + "prepare`");
        }
        List<ManifestRow> rows = new ArrayList<>();
        int kept = 0;
        int filtered = 0;
        int moved = 0;
        for (ManifestRow r : manifest.read()) {
            boolean revisable = r.verdict().clip() != null && (r.kept() || REVISABLE.contains(r.verdict().droppedBy()));
            if (!revisable) {
                rows.add(r);
                continue;
            }
            Optional<Filters.Drop> drop = filters.verdict(r.scores().syncOffset(), r.scores().syncConfidence(), r.scores().quality());
            String folder = drop.isPresent() ? SourcePreparer.FILTERED_FOLDER : SourcePreparer.KEPT_FOLDER;
            String name = Path.of(r.verdict().clip()).getFileName().toString();
            Path target = data.resolve(folder).resolve(name);
            if (!Files.isRegularFile(target)) {
                Path current = locate(data, name);
                Files.createDirectories(target.getParent());
                Files.move(current, target, StandardCopyOption.ATOMIC_MOVE);
                moved++;
            }
            if (drop.isPresent()) {
                filtered++;
            } else {
                kept++;
            }
            rows.add(r.withVerdict(ManifestRow.Verdict.judged(drop, folder + "/" + name)));
        }
        manifest.rewrite(rows);
        DataPrepare.finish(manifest, data);
        return new Summary(kept, filtered, moved);
    }

    private static Path locate(Path data, String name) throws IOException {
        for (String folder : List.of(SourcePreparer.KEPT_FOLDER, SourcePreparer.FILTERED_FOLDER)) {
            Path p = data.resolve(folder).resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("clip " + name + " is in neither " + SourcePreparer.KEPT_FOLDER + "/ nor "
                + SourcePreparer.FILTERED_FOLDER + "/ of " + data);
    }
}
