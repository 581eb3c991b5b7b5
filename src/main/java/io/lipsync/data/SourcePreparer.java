package io.lipsync.data;

import io.lipsync.face.FaceCrops;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.MediaException;
import io.lipsync.media.MediaProbe;
import io.lipsync.media.VideoDecoder;
import io.lipsync.shots.ShotDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upstream's steps 1 to 7 on one source file, as a function of the file alone (so any worker, or a Spark
 * executor, can run it): drop it if unreadable, silent or empty; read it at 25 fps and 16 kHz; find its
 * shots; cut them into 5 s pieces; align the face of every frame of a cut at the prepared resolution (a
 * cut with a frame without a face is dropped); judge the cut's sync with SyncNet-v2 as
 * {@code lipsync eval} does and correct its offset; score its visual quality with HyperIQA; write it (faces
 * and audio) in one encode. Cuts the {@link Filters} drop are still written, under {@code filtered/}, so
 * other thresholds can be applied later without judging again.
 */
public final class SourcePreparer {
    /** Frames per cut: upstream's 5 s at 25 fps. */
    public static final int CUT_FRAMES = 5 * VideoDecoder.FPS;
    static final String KEPT_FOLDER = "clips";
    static final String FILTERED_FOLDER = "filtered";

    private final int resolution;
    private final ShotDetector.Settings shotSettings;
    private final boolean upstreamCompatible;
    private final CutJudge judge;
    private final SourceProgress steps;

    /**
     * {@code upstreamCompatible}: reproduce upstream's steps 2-4 where they are wrong (the {@code -r 25}
     * re-encode and its lag, the video's last frame left out of every split, keyframe-bound cuts);
     * otherwise frames are read lag-free at 25 fps, the last frame is kept and cuts are cut exactly.
     */
    public SourcePreparer(int resolution, ShotDetector.Settings shotSettings, Filters filters,
            boolean upstreamCompatible) {
        this(resolution, shotSettings, filters, upstreamCompatible, SourceProgress.NONE);
    }

    /** {@code steps} hears of each cut as it passes steps 4, 5 and 6-7. */
    public SourcePreparer(int resolution, ShotDetector.Settings shotSettings, Filters filters,
            boolean upstreamCompatible, SourceProgress steps) {
        this.resolution = resolution;
        this.shotSettings = shotSettings;
        this.upstreamCompatible = upstreamCompatible;
        this.judge = new CutJudge(resolution, filters);
        this.steps = steps;
    }

    /** The manifest rows of {@code source}; its cuts are judged (steps 6-7) and written under {@code out}. */
    List<ManifestRow> prepare(Path source, String name, String sourceId, Path out, PrepareTools tools) {
        return prepare(source, name, sourceId, out, tools, s -> {
            ManifestRow row = judge.judgedAndWritten(s, out, tools);
            steps.judged(row.kept());
            return row;
        });
    }

    /**
     * Steps 1-5 only: cuts that pass step 5 are staged for {@link #finishStaged}, their rows marked
     * {@link ManifestRow#STAGED} (the Spark job's first stage; {@code tools} needs only the face detector).
     */
    List<ManifestRow> stage(Path source, String name, String sourceId, Path out, PrepareTools tools) {
        return prepare(source, name, sourceId, out, tools, s -> s.row(s.start(), s.end(),
                new ManifestRow.Verdict(ManifestRow.STAGED, null, null, CutStaging.write(s, out)), ManifestRow.Scores.NONE,
                null));
    }

    /** Steps 6-7 of a staged cut: its final row (the staging file is removed). */
    ManifestRow finishStaged(ManifestRow staged, Path out, PrepareTools tools) {
        return judge.judgedAndWritten(CutStaging.take(staged, out), out, tools);
    }

    private List<ManifestRow> prepare(Path source, String name, String sourceId, Path out, PrepareTools tools,
            Function<AlignedCut, ManifestRow> finisher) {
        Optional<String> broken = SourceCheck.brokenReason(source);
        if (broken.isPresent()) {
            return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", broken.get()));
        }
        Path resampled = null;
        try {
            Path input = source;
            if (upstreamCompatible) {
                resampled = Files.createTempFile(out, ".resampled-", ".mp4");
                UpstreamSteps.resample(source, resampled, MediaProbe.probe(source).fps());
                input = resampled;
            }
            ShotDetector shots = new ShotDetector(shotSettings);
            frames(input, shots::accept);
            ShotDetector.Shots found = shots.finish();
            if (found.contentVal().length == 0) {
                return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", "no frames"));
            }
            float[] audio = AudioDecoder.decode(input);
            return writeCuts(input, name, sourceId, tools, found, audio, finisher);
        } catch (MediaException e) {
            return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", "unreadable: " + e.getMessage()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (resampled != null) {
                try {
                    Files.deleteIfExists(resampled);
                } catch (java.io.IOException ignored) {
                    // A leftover temporary file is harmless; the next run's output folder check ignores dot files.
                }
            }
        }
    }

    /** The 25 fps frames: by timestamp, or (upstream-compatible, after its re-encode) in file order as decord reads them. */
    private void frames(Path video, java.util.function.Consumer<Rgb> sink) {
        if (upstreamCompatible) {
            VideoDecoder.decodeInOrder(video, sink);
        } else {
            VideoDecoder.decode(video, sink);
        }
    }

    /** Step 4: each shot's cuts. */
    private List<Cuts.Planned> cuts(ShotDetector.Shots shots) {
        List<Cuts.Planned> out = new ArrayList<>();
        int frames = shots.contentVal().length;
        for (int s = 0; s < shots.scenes().size(); s++) {
            int[] scene = shots.scenes().get(s);
            List<Cuts.Span> parts;
            if (upstreamCompatible) {
                int length = scene[1] - scene[0];
                parts = UpstreamSteps.keyframeCuts(UpstreamSteps.shotKeyframes(length), length).stream()
                        .map(p -> new Cuts.Span(scene[0] + p.start(), scene[0] + p.end())).toList();
            } else {
                // PySceneDetect ends the last shot at the last frame's index; the last frame belongs to it.
                int end = s == shots.scenes().size() - 1 ? frames : scene[1];
                parts = Cuts.of(scene[0], end, CUT_FRAMES);
            }
            for (int k = 0; k < parts.size(); k++) {
                out.add(new Cuts.Planned(s, k, parts.get(k)));
            }
        }
        return out;
    }

    private List<ManifestRow> writeCuts(Path source, String name, String sourceId, PrepareTools tools,
            ShotDetector.Shots shots, float[] audio, Function<AlignedCut, ManifestRow> finisher) {
        List<Cuts.Planned> cuts = cuts(shots);
        steps.found(cuts.size());
        ClipWriter writer = new ClipWriter(new Source(name, sourceId, audio), tools, cuts, finisher);
        frames(source, writer::accept);
        return writer.finish();
    }

    /** The source a writer cuts: its name, its content id, and its audio (16 kHz). */
    private record Source(String name, String id, float[] audio) {}

    /** Collects each cut's aligned faces, then hands it on: one cut in memory at a time. */
    private final class ClipWriter {
        private final Source source;
        private final PrepareTools tools;
        private final List<Cuts.Planned> cuts;
        private final Function<AlignedCut, ManifestRow> finisher;
        private final List<ManifestRow> rows = new ArrayList<>();
        private int frame;
        private int current = -1;
        private FaceCrops crops;
        private List<Rgb> faces;
        private String failure;

        ClipWriter(Source source, PrepareTools tools, List<Cuts.Planned> cuts,
                Function<AlignedCut, ManifestRow> finisher) {
            this.source = source;
            this.tools = tools;
            this.cuts = cuts;
            this.finisher = finisher;
        }

        void accept(Rgb rgb) {
            int i = frame++;
            if (current + 1 < cuts.size() && i == cuts.get(current + 1).frames().start()) {
                close();
                open(current + 1);
            }
            if (current < 0 || i >= cuts.get(current).frames().end() || failure != null) {
                return;
            }
            Optional<FaceCrops.Crop> crop = crops.next(rgb);
            if (crop.isEmpty()) {
                failure = "no face in frame " + i;
                return;
            }
            faces.add(crop.get().face());
        }

        private void open(int cut) {
            current = cut;
            crops = new FaceCrops(tools.faces(), resolution);
            faces = new ArrayList<>();
            failure = null;
        }

        /** Finishes the open cut: hands it on when every frame has a face, else drops it with the reason. */
        private void close() {
            if (current < 0 || faces == null) {
                return;
            }
            Cuts.Planned plan = cuts.get(current);
            int perFrame = AudioDecoder.SAMPLES_PER_FRAME;
            float[] audio = source.audio();
            float[] sound = Arrays.copyOfRange(audio, Math.min(audio.length, plan.frames().start() * perFrame),
                    Math.min(audio.length, plan.frames().end() * perFrame));
            AlignedCut cut = new AlignedCut(source.name(), source.id(), plan, faces, sound);
            if (failure != null || faces.size() != plan.frames().length()) {
                rows.add(cut.dropped("affine_transform", failure != null ? failure : "the video ended before the cut",
                        null));
            } else {
                steps.aligned();
                rows.add(finisher.apply(cut));
            }
            faces = null;
        }

        List<ManifestRow> finish() {
            close();
            return rows;
        }
    }

    /** Makes sure the output folders exist. */
    static void prepareOutput(Path out) throws java.io.IOException {
        Files.createDirectories(out.resolve(KEPT_FOLDER));
        Files.createDirectories(out.resolve(FILTERED_FOLDER));
    }
}
