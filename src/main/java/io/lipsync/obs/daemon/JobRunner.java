package io.lipsync.obs.daemon;

import io.lipsync.obs.ObsException;
import io.lipsync.pipeline.RenderRequest;
import io.lipsync.pipeline.RenderSummary;
import io.lipsync.obs.dock.DockServer;
import java.io.IOException;
import java.nio.file.Files;
import io.lipsync.util.FileTrees;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs one job: renders the clip to the voice into its clip's folder under the renders root (segments as they
 * finish, then the MP4), shows the live segments in OBS once the first lands and the MP4 when done, and keeps
 * only the newest two takes of each clip (the previous one may still be on screen until the switch). A take
 * that fails or is cut off puts the last good one (or the clip itself) back in the scene.
 */
record JobRunner(DaemonSettings settings, Renderer renderer, Publications publications, DockServer server, int port) implements JobQueue.Runner {
    private static final int TAKES_KEPT = 2;

    @Override
    public void run(Job job) throws IOException {
        JobSpec spec = job.spec();
        requireFile(spec.clip().file(), "the clip's file");
        requireFile(spec.voice().file(), "the voice track");
        Path dir = clipFolder(spec);
        Files.createDirectories(dir);
        Path out = dir.resolve(spec.id() + ".mp4");
        Path segments = dir.resolve(spec.id());
        RenderRequest request = new RenderRequest(spec.clip().file(), spec.voice().file(), out, segments,
                settings.sampling().of(spec.choices().preset()), settings.sampling().seed(),
                spec.choices().face());
        Path previous = newestTake(dir);
        boolean[] streaming = {false};
        long start = System.nanoTime();
        RenderSummary summary;
        try {
            summary = renderer.render(request, new JobProgress(job, (playlist, index) -> {
                if (index == 0) {
                    publications.showStream(job, server.mediaUrl(port, playlist));
                    streaming[0] = true;
                }
            }));
        } catch (RuntimeException e) {
            // A failed or cancelled take leaves nothing behind, and the scene goes back to the last good one.
            FileTrees.delete(segments);
            if (streaming[0]) {
                publications.restore(job, previous);
            }
            throw e;
        }
        job.output(out);
        job.stage("done");
        RenderSummary.Frames frames = summary.frames();
        job.state(job.state(), String.format("%d frames (%d passed through without a face), face work %s, %.1f s",
                frames.written(), frames.passedThrough(), summary.faces().cacheHit() ? "from the cache" : "done now",
                (System.nanoTime() - start) / 1e9));
        publications.showFinal(job, out);
        pruneTakes(dir);
    }

    /** {@code job} was running when the previous daemon stopped: its stream is gone, its last take is not. */
    void cutOff(Job job) {
        try {
            publications.cutOff(job, newestTake(clipFolder(job.spec())));
        } catch (IOException e) {
            publications.cutOff(job, null);
        }
    }

    /** The preview of a job's newest segment, or null. */
    byte[] preview(Job job) {
        if (job.segments() == 0 || job.spec().clip().file() == null) {
            return null;
        }
        Path segment = clipFolder(job.spec()).resolve(job.id()).resolve(String.format("segment%05d.ts",
                job.segments() - 1));
        return Files.isRegularFile(segment) ? SegmentPreview.jpeg(segment) : null;
    }

    private Path clipFolder(JobSpec spec) {
        return settings.renders().resolve(spec.clip().key().replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ObsException(what + " " + file + " no longer exists");
        }
    }

    private static void pruneTakes(Path dir) throws IOException {
        List<Path> takes;
        try (Stream<Path> files = Files.list(dir)) {
            takes = files.filter(p -> p.getFileName().toString().endsWith(".mp4"))
                    .sorted(Comparator.comparing(JobRunner::modified).reversed()).toList();
        }
        for (Path old : takes.subList(Math.min(TAKES_KEPT, takes.size()), takes.size())) {
            String id = old.getFileName().toString().replaceFirst("\\.mp4$", "");
            Files.deleteIfExists(old);
            FileTrees.delete(dir.resolve(id));
        }
    }

    private static Path newestTake(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".mp4"))
                    .max(Comparator.comparing(JobRunner::modified)).orElse(null);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
