package io.lipsync.data;

import io.lipsync.shots.ShotDetector;
import io.lipsync.face.FaceCrops;
import io.lipsync.face.FaceDetector;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.MediaException;
import io.lipsync.media.MediaProbe;
import io.lipsync.media.VideoDecoder;
import io.lipsync.media.VideoEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's steps 1 to 5 on one source file, as a function of the file alone (so any worker, or a Spark
 * executor, can run it): drop it if unreadable, silent or empty; read it at 25 fps and 16 kHz; find its
 * shots; cut them into segments; align the face of every frame of a segment at the prepared resolution and
 * write the segment (faces and its audio) in one encode. A segment with a frame without a face is dropped.
 * Steps 6 and 7 (sync and quality filters) are not run here; each kept row says so.
 */
public final class SourcePreparer {
    /** Frames per segment: upstream's 5 s at 25 fps. */
    public static final int SEGMENT_FRAMES = 5 * VideoDecoder.FPS;
    static final String NOT_FILTERED = "sync filter (step 6) and quality filter (step 7) not run: SyncNet-v2, S3FD "
            + "and HyperIQA are not built yet";

    private final int resolution;
    private final ShotDetector.Settings shotSettings;

    public SourcePreparer(int resolution, ShotDetector.Settings shotSettings) {
        this.resolution = resolution;
        this.shotSettings = shotSettings;
    }

    /** The manifest rows of {@code source}; kept segments are written under {@code out/clips}. */
    public List<ManifestRow> prepare(Path source, String name, String sourceId, Path out, FaceDetector detector) {
        try {
            MediaProbe.Streams streams = MediaProbe.probe(source);
            if (!streams.video()) {
                return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", "no video stream"));
            }
            if (!streams.audio()) {
                return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken",
                        "no audio stream (a silent video cannot teach lip sync)"));
            }
            ShotDetector shots = new ShotDetector(shotSettings);
            VideoDecoder.decode(source, shots::accept);
            ShotDetector.Shots found = shots.finish();
            if (found.contentVal().length == 0) {
                return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", "no frames"));
            }
            float[] audio = AudioDecoder.decode(source);
            return writeSegments(source, name, sourceId, out, detector, found, audio);
        } catch (MediaException e) {
            return List.of(ManifestRow.droppedSource(name, sourceId, "remove_broken", "unreadable: " + e.getMessage()));
        }
    }

    private List<ManifestRow> writeSegments(Path source, String name, String sourceId, Path out, FaceDetector detector,
            ShotDetector.Shots shots, float[] audio) {
        List<int[]> segments = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int s = 0; s < shots.scenes().size(); s++) {
            int[] scene = shots.scenes().get(s);
            List<int[]> parts = Segments.of(scene[0], scene[1], SEGMENT_FRAMES);
            for (int k = 0; k < parts.size(); k++) {
                segments.add(parts.get(k));
                ids.add(new int[] {s, k});
            }
        }
        SegmentWriter writer = new SegmentWriter(name, sourceId, out, detector, segments, ids, audio);
        VideoDecoder.decode(source, writer::accept);
        return writer.finish();
    }

    /** Streams a source's frames into its segments' files, one segment at a time. */
    private final class SegmentWriter {
        private final String name;
        private final String sourceId;
        private final Path out;
        private final FaceDetector detector;
        private final List<int[]> segments;
        private final List<int[]> ids;
        private final float[] audio;
        private final List<ManifestRow> rows = new ArrayList<>();
        private int frame;
        private int current = -1;
        private VideoEncoder encoder;
        private FaceCrops crops;
        private int faces;
        private String failure;

        SegmentWriter(String name, String sourceId, Path out, FaceDetector detector, List<int[]> segments,
                List<int[]> ids, float[] audio) {
            this.name = name;
            this.sourceId = sourceId;
            this.out = out;
            this.detector = detector;
            this.segments = segments;
            this.ids = ids;
            this.audio = audio;
        }

        void accept(io.lipsync.image.Rgb rgb) {
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
            faces++;
            encoder.writeVideo(crop.get().face());
            int perFrame = AudioDecoder.SAMPLES_PER_FRAME;
            encoder.writeAudio(audio, Math.min(audio.length, i * perFrame), Math.min(audio.length, (i + 1) * perFrame));
        }

        private void open(int segment) {
            current = segment;
            crops = new FaceCrops(detector, resolution);
            faces = 0;
            failure = null;
            encoder = new VideoEncoder(clipPath(segment), resolution, resolution, "mp4");
        }

        private Path clipPath(int segment) {
            String stem = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("\\.[A-Za-z0-9]+$", "");
            return out.resolve("clips").resolve(String.format("%s-%s-s%03d-%02d.mp4", stem, sourceId.substring(0, 8),
                    ids.get(segment)[0], ids.get(segment)[1]));
        }

        /** Finishes the open segment: commits it, or drops it (its partial file is removed) with the reason. */
        private void close() {
            if (current < 0 || encoder == null) {
                return;
            }
            int[] range = segments.get(current);
            boolean complete = failure == null && faces == range[1] - range[0];
            if (complete) {
                encoder.commit();
            }
            encoder.close();
            encoder = null;
            Path clip = clipPath(current);
            rows.add(new ManifestRow(name, sourceId, ids.get(current)[0], ids.get(current)[1], range[0], range[1],
                    range[0] / (double) VideoDecoder.FPS, range[1] / (double) VideoDecoder.FPS, faces,
                    complete ? ManifestRow.KEPT : ManifestRow.DROPPED, complete ? null : "affine_transform",
                    complete ? null : failure != null ? failure : "the video ended before the segment",
                    complete ? out.relativize(clip).toString() : null, null, null, null, NOT_FILTERED));
        }

        List<ManifestRow> finish() {
            close();
            return rows;
        }
    }

    /** Makes sure the clips folder exists. */
    static void prepareOutput(Path out) throws java.io.IOException {
        Files.createDirectories(out.resolve("clips"));
    }
}
