package io.lipsync.data;

import ai.djl.Device;
import io.lipsync.nets.NetFiles;
import io.lipsync.shots.ShotDetector;
import io.lipsync.plot.Charts;
import io.lipsync.util.FileFingerprint;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code lipsync data prepare} on one machine: every file under the input folder through
 * {@link SourcePreparer} on a pool of workers (each with its own detectors and nets), its rows appended to the
 * manifest as it finishes. Sources already in the manifest are skipped, so a stopped or killed run resumes
 * where it was, redoing only the files in flight.
 */
public final class DataPrepare {
    /**
     * @param nets where the face detector is, and SyncNet-v2, S3FD and HyperIQA for steps 6-7 (without them those
     *     steps are skipped and every row says so)
     * @param device where steps 6-7's nets run
     */
    public record Options(Path in, Path out, int workers, boolean resume, NetFiles nets, Device device, Rules rules) {}

    /**
     * What each cut becomes: its face size in pixels (256 or 512), the thresholds of steps 6-7, and whether the
     * files are written as upstream's pipeline writes them.
     */
    public record Rules(int resolution, Filters filters, boolean upstreamCompatible) {}

    /** Hears of the run's files, and (local runs) of each cut's steps. */
    public interface Listener extends SourceProgress {
        void started(int toDo, int alreadyDone);

        void finished(String source, List<ManifestRow> rows);
    }

    /** What the manifest holds after the run: kept clips and their hours, dropped rows by step and reason. */
    public record Summary(int sources, int kept, double keptHours, Map<String, Integer> dropped, Path manifest) {
        static Summary of(List<ManifestRow> rows, Path manifest) {
            Map<String, Integer> dropped = new TreeMap<>();
            int kept = 0;
            double frames = 0;
            for (ManifestRow r : rows) {
                if (r.kept()) {
                    kept++;
                    frames += r.cut().frames();
                } else {
                    dropped.merge(r.verdict().droppedBy() + ": " + r.verdict().reason().replaceAll("frame \\d+", "frame N"), 1, Integer::sum);
                }
            }
            return new Summary((int) rows.stream().map(ManifestRow::source).distinct().count(), kept,
                    frames / 25.0 / 3600.0, dropped, manifest);
        }
    }

    /** Every runner ends here: the summary of the whole manifest, and histograms of the sync and quality scores. */
    static Summary finish(Manifest manifest, Path out) throws IOException {
        List<ManifestRow> rows = manifest.read();
        double[] confidences = rows.stream().map(ManifestRow::scores).filter(r -> r.syncConfidence() != null)
                .mapToDouble(ManifestRow.Scores::syncConfidence).toArray();
        if (confidences.length > 0) {
            Charts.histogram(out.resolve("sync.png"), "SyncNet-v2 confidence of the judged cuts",
                    "sync confidence", confidences, 20);
        }
        double[] qualities = rows.stream().map(ManifestRow::scores).filter(r -> r.quality() != null).mapToDouble(ManifestRow.Scores::quality).toArray();
        if (qualities.length > 0) {
            Charts.histogram(out.resolve("quality.png"), "HyperIQA score of the judged cuts", "visual quality",
                    qualities, 20);
        }
        return Summary.of(rows, manifest.file());
    }

    /** The sources still to prepare, with their content ids, and how many the manifest already has. */
    record Plan(List<Path> toDo, List<String> ids, int alreadyDone) {}

    private DataPrepare() {}

    /** Checks the folders and finds the sources the manifest does not have yet (every runner starts here). */
    static Plan plan(Options o) throws IOException {
        if (!Files.isDirectory(o.in())) {
            throw new UserError("input folder " + o.in() + " does not exist", "give the folder of raw videos");
        }
        Manifest manifest = new Manifest(o.out().resolve("manifest.jsonl"));
        if (!o.resume() && Files.isRegularFile(manifest.file())) {
            throw new UserError(o.out() + " already holds a prepared data set", "add --resume to continue it, or give "
                    + "another --out");
        }
        SourcePreparer.prepareOutput(o.out());
        Set<String> done = manifest.finishedSources();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(o.in())) {
            sources = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        }
        List<Path> toDo = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Path p : sources) {
            String id = FileFingerprint.of(p);
            if (!done.contains(id)) {
                toDo.add(p);
                ids.add(id);
            }
        }
        return new Plan(toDo, ids, sources.size() - toDo.size());
    }

    public static Summary run(Options o, Listener listener) throws IOException, InterruptedException {
        Plan plan = plan(o);
        List<Path> toDo = plan.toDo();
        List<String> ids = plan.ids();
        Manifest manifest = new Manifest(o.out().resolve("manifest.jsonl"));
        listener.started(toDo.size(), plan.alreadyDone());
        SourcePreparer preparer = new SourcePreparer(o.rules().resolution(), ShotDetector.Settings.upstream(),
                o.rules().filters(), o.rules().upstreamCompatible(), listener);
        List<PrepareTools> opened = new CopyOnWriteArrayList<>();
        ThreadLocal<PrepareTools> tools = ThreadLocal.withInitial(() -> {
            PrepareTools t = PrepareTools.open(o.nets(), o.device());
            opened.add(t);
            return t;
        });
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.workers()));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < toDo.size(); i++) {
                Path source = toDo.get(i);
                String id = ids.get(i);
                String name = o.in().relativize(source).toString();
                jobs.add(pool.submit(() -> {
                    List<ManifestRow> rows = preparer.prepare(source, name, id, o.out(), tools.get());
                    manifest.append(rows);
                    listener.finished(name, rows);
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            opened.forEach(PrepareTools::close);
        }
        return finish(manifest, o.out());
    }
}
