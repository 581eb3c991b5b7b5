package io.lipsync.data;

import io.lipsync.eval.ClipSync;
import io.lipsync.eval.LipSyncError;
import io.lipsync.face.FaceCrops;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.MediaException;
import io.lipsync.media.MediaProbe;
import io.lipsync.media.VideoDecoder;
import io.lipsync.media.VideoEncoder;
import io.lipsync.shots.ShotDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's steps 1 to 7 on one source file, as a function of the file alone (so any worker, or a Spark
 * executor, can run it): drop it if unreadable, silent or empty; read it at 25 fps and 16 kHz; find its
 * shots; cut them into segments; align the face of every frame of a segment at the prepared resolution (a
 * segment with a frame without a face is dropped); judge the segment's sync with SyncNet-v2 as
 * {@code lipsync eval} does and correct its offset; score its visual quality with HyperIQA; write it (faces
 * and audio) in one encode. Segments the {@link Filters} drop are still written, under {@code filtered/}, so
 * other thresholds can be applied later without judging again.
 */
public final class SourcePreparer {
    /** Frames per segment: upstream's 5 s at 25 fps. */
    public static final int SEGMENT_FRAMES = 5 * VideoDecoder.FPS;
    static final String KEPT_FOLDER = "clips";
    static final String FILTERED_FOLDER = "filtered";

    private final int resolution;
    private final ShotDetector.Settings shotSettings;
    private final Filters filters;
    private final boolean upstreamCompatible;

    /**
     * {@code upstreamCompatible}: reproduce upstream's steps 2-4 where they are wrong (the {@code -r 25}
     * re-encode and its lag, the video's last frame left out of every split, keyframe-bound segments);
     * otherwise frames are read lag-free at 25 fps, the last frame is kept and segments are cut exactly.
     */
    public SourcePreparer(int resolution, ShotDetector.Settings shotSettings, Filters filters,
            boolean upstreamCompatible) {
        this.resolution = resolution;
        this.shotSettings = shotSettings;
        this.filters = filters;
        this.upstreamCompatible = upstreamCompatible;
    }

    /** The manifest rows of {@code source}; its segments are written under {@code out}. */
    List<ManifestRow> prepare(Path source, String name, String sourceId, Path out, PrepareTools tools) {
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
            return writeSegments(input, name, sourceId, out, tools, found, audio);
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

    /** Step 4: each shot's segments, as [start, end) frames and (shot, segment) numbers. */
    private List<int[][]> segments(ShotDetector.Shots shots) {
        List<int[][]> out = new ArrayList<>();
        int frames = shots.contentVal().length;
        for (int s = 0; s < shots.scenes().size(); s++) {
            int[] scene = shots.scenes().get(s);
            List<int[]> parts;
            if (upstreamCompatible) {
                int length = scene[1] - scene[0];
                parts = UpstreamSteps.keyframeSegments(UpstreamSteps.shotKeyframes(length), length).stream()
                        .map(p -> new int[] {scene[0] + p[0], scene[0] + p[1]}).toList();
            } else {
                // PySceneDetect ends the last shot at the last frame's index; the last frame belongs to it.
                int end = s == shots.scenes().size() - 1 ? frames : scene[1];
                parts = Segments.of(scene[0], end, SEGMENT_FRAMES);
            }
            for (int k = 0; k < parts.size(); k++) {
                out.add(new int[][] {parts.get(k), {s, k}});
            }
        }
        return out;
    }

    private List<ManifestRow> writeSegments(Path source, String name, String sourceId, Path out, PrepareTools tools,
            ShotDetector.Shots shots, float[] audio) {
        List<int[]> segments = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int[][] segment : segments(shots)) {
            segments.add(segment[0]);
            ids.add(segment[1]);
        }
        SegmentWriter writer = new SegmentWriter(name, sourceId, out, tools, segments, ids, audio);
        frames(source, writer::accept);
        return writer.finish();
    }

    /** Collects each segment's aligned faces, then judges and writes it: one segment in memory at a time. */
    private final class SegmentWriter {
        private final String name;
        private final String sourceId;
        private final Path out;
        private final PrepareTools tools;
        private final List<int[]> segments;
        private final List<int[]> ids;
        private final float[] audio;
        private final List<ManifestRow> rows = new ArrayList<>();
        private int frame;
        private int current = -1;
        private FaceCrops crops;
        private List<Rgb> faces;
        private String failure;

        SegmentWriter(String name, String sourceId, Path out, PrepareTools tools, List<int[]> segments,
                List<int[]> ids, float[] audio) {
            this.name = name;
            this.sourceId = sourceId;
            this.out = out;
            this.tools = tools;
            this.segments = segments;
            this.ids = ids;
            this.audio = audio;
        }

        void accept(Rgb rgb) {
            int i = frame++;
            if (current + 1 < segments.size() && i == segments.get(current + 1)[0]) {
                close();
                open(current + 1);
            }
            if (current < 0 || i >= segments.get(current)[1] || failure != null) {
                return;
            }
            Optional<FaceCrops.Crop> crop = crops.next(rgb);
            if (crop.isEmpty()) {
                failure = "no face in frame " + i;
                return;
            }
            faces.add(crop.get().face());
        }

        private void open(int segment) {
            current = segment;
            crops = new FaceCrops(tools.faces(), resolution);
            faces = new ArrayList<>();
            failure = null;
        }

        /** Finishes the open segment: judges and writes it, or drops it with the reason. */
        private void close() {
            if (current < 0 || faces == null) {
                return;
            }
            int[] range = segments.get(current);
            if (failure != null || faces.size() != range[1] - range[0]) {
                rows.add(row(range, faces.size(), ManifestRow.DROPPED, "affine_transform",
                        failure != null ? failure : "the video ended before the segment", null, null, null, null));
            } else {
                rows.add(judgedAndWritten(range));
            }
            faces = null;
        }

        /**
         * Steps 6 and 7 on the segment's faces and audio (each when its net is present; step 7 on what step 6
         * keeps, as upstream runs it on step 6's output), then its one encode, under clips/ or filtered/.
         */
        private ManifestRow judgedAndWritten(int[] range) {
            int perFrame = AudioDecoder.SAMPLES_PER_FRAME;
            float[] sound = Arrays.copyOfRange(audio, Math.min(audio.length, range[0] * perFrame),
                    Math.min(audio.length, range[1] * perFrame));
            List<String> notes = new ArrayList<>();
            ClipSync clip = null;
            OffsetCorrection correction = OffsetCorrection.NONE;
            if (tools.sync() == null) {
                notes.add("sync filter (step 6) not run: " + tools.syncMissing());
            } else {
                notes.add("step 6 faces: " + tools.syncFaces());
                LipSyncError.Result r = tools.sync().measure(sink -> faces.forEach(sink), sound);
                if (r.clip().isEmpty()) {
                    return row(range, faces.size(), ManifestRow.DROPPED, "sync_av",
                            "SyncNet-v2 found no face track to judge", null, null, null, String.join("; ", notes));
                }
                clip = r.clip().get();
                if (Math.abs(clip.avOffset()) < faces.size()) {
                    correction = OffsetCorrection.of(clip.avOffset());
                }
            }
            int kept = correction.framesLeft(faces.size());
            List<Rgb> corrected = faces.subList(correction.videoFrames(), correction.videoFrames() + kept);
            // Every judged segment is scored, whatever step 6 decided, so data refilter can apply any thresholds.
            Double quality = null;
            if (tools.quality() == null) {
                notes.add("quality filter (step 7) not run: " + tools.qualityMissing());
            } else if (kept > 0) {
                quality = tools.quality().score(corrected);
            }
            Optional<Filters.Drop> drop = filters.verdict(clip == null ? null : (double) clip.avOffset(),
                    clip == null ? null : clip.conf(), quality);
            String droppedBy = drop.map(Filters.Drop::step).orElse(null);
            String reason = drop.map(Filters.Drop::reason).orElse(null);
            if (!correction.equals(OffsetCorrection.NONE)) {
                notes.add("audio moved by " + clip.avOffset() + " frames to offset 0 (" + (faces.size() - kept)
                        + " frames cut)");
            }
            Path file = clipPath(droppedBy == null ? KEPT_FOLDER : FILTERED_FOLDER);
            write(file, corrected, sound, correction.firstSample());
            int start = range[0] + correction.videoFrames();
            return row(new int[] {start, start + kept}, faces.size(), droppedBy == null ? ManifestRow.KEPT
                    : ManifestRow.DROPPED, droppedBy, reason, clip, out.relativize(file).toString(), quality,
                    String.join("; ", notes));
        }

        /** Encodes {@code frames} with the audio from {@code firstSample} on, 640 samples a frame. */
        private void write(Path file, List<Rgb> frames, float[] sound, int firstSample) {
            try (VideoEncoder encoder = new VideoEncoder(file, resolution, resolution, "mp4")) {
                for (int k = 0; k < frames.size(); k++) {
                    encoder.writeVideo(frames.get(k));
                    int from = Math.min(sound.length, firstSample + k * AudioDecoder.SAMPLES_PER_FRAME);
                    encoder.writeAudio(sound, from, Math.min(sound.length, from + AudioDecoder.SAMPLES_PER_FRAME));
                }
                encoder.commit();
            }
        }

        private ManifestRow row(int[] range, int faceFrames, String status, String droppedBy, String reason,
                ClipSync clip, String clipPath, Double quality, String note) {
            return new ManifestRow(name, sourceId, ids.get(current)[0], ids.get(current)[1], range[0], range[1],
                    range[0] / (double) VideoDecoder.FPS, range[1] / (double) VideoDecoder.FPS, faceFrames, status,
                    droppedBy, reason, clipPath, clip == null ? null : (double) clip.avOffset(),
                    clip == null ? null : clip.conf(), quality, note);
        }

        private Path clipPath(String folder) {
            String stem = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.[A-Za-z0-9]+$", "");
            return out.resolve(folder).resolve(String.format("%s-%s-s%03d-%02d.mp4", stem, sourceId.substring(0, 8),
                    ids.get(current)[0], ids.get(current)[1]));
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
