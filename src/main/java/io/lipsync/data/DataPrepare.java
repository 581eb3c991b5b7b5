package io.lipsync.data;

import io.lipsync.shots.ShotDetector;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code lipsync data prepare} on one machine: every file under the input folder through
 * {@link SourcePreparer} on a pool of workers (a face detector per file in flight), its rows appended to the
 * manifest as it finishes. Sources already in the manifest are skipped, so a stopped or killed run resumes
 * where it was, redoing only the files in flight.
 */
public final class DataPrepare {
    public record Options(Path in, Path out, int workers, boolean resume, Path faceDetector, int resolution) {}

    public interface Listener {
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
                    frames += r.frames();
                } else {
                    dropped.merge(r.droppedBy() + ": " + r.reason().replaceAll("frame \\d+", "frame N"), 1, Integer::sum);
                }
            }
            return new Summary((int) rows.stream().map(ManifestRow::source).distinct().count(), kept,
                    frames / 25.0 / 3600.0, dropped, manifest);
        }
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
        SourcePreparer preparer = new SourcePreparer(o.resolution(), ShotDetector.Settings.upstream());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.workers()));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < toDo.size(); i++) {
                Path source = toDo.get(i);
                String id = ids.get(i);
                String name = o.in().relativize(source).toString();
                jobs.add(pool.submit(() -> {
                    try (FaceDetector detector = FaceDetectors.open(o.faceDetector())) {
                        List<ManifestRow> rows = preparer.prepare(source, name, id, o.out(), detector);
                        manifest.append(rows);
                        listener.finished(name, rows);
                    }
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
        }
        return Summary.of(manifest.read(), manifest.file());
    }
}
