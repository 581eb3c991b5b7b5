package io.lipsync.eval;

import io.lipsync.model.i3d.I3dFeatures;
import io.lipsync.nets.Found;
import io.lipsync.nets.NetFile;
import io.lipsync.nets.Nets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.media.FrameStream;
import io.lipsync.media.MediaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lipsync eval} over one video or a set: per video LSE-C, LSE-D and the offset (SyncNet-v2), and SSIM
 * and the share of changed frames ({@link FrameChange}) against its reference; over the set, FVD (I3D features
 * of face clips) and FID (Inception features of frames) against the references. What cannot be measured (no
 * reference, weights absent, no face) is reported with the reason, never left out silently.
 */
public final class Evaluation {
    /**
     * What to measure with: each of LSE, FVD's I3D and FID's Inception, or why it is missing; {@code faces} finds
     * the faces for FVD's crops (null without references or I3D).
     */
    public record Tools(Found<LipSyncError> lse, FaceBoxDetector faces, Found<I3dFeatures> i3d, Found<FidFeatures> fid) {
        /**
         * The tools from {@code nets}: LSE's (see {@link LseSetup}, whose choice of faces goes to {@code say}); FVD's
         * I3D and FID's Inception only {@code withReferences}, since they compare against them.
         */
        public static Tools open(Nets nets, boolean withReferences, int fidEvery, Consumer<String> say) {
            // The face stage's detector (opened once, by nets) when LSE without S3FD or FVD's crops need it.
            Supplier<FaceBoxDetector> stage = () -> FaceBoxDetector.of(nets.faceDetector());
            LseSetup lse = LseSetup.open(nets, stage);
            if (lse.faces() != null) {
                say.accept("faces for LSE: " + lse.faces());
            }
            if (!withReferences) {
                return new Tools(lse.lse(), null, Found.missing("no references"), Found.missing("no references"));
            }
            Found<I3dFeatures> i3d = nets.find(NetFile.I3D).map(p -> nets.i3d());
            // SSIM and changed frames need no network: the detector is opened only for FVD's crops.
            return new Tools(lse.lse(), i3d.present() ? stage.get() : null, i3d,
                    nets.find(NetFile.FID_INCEPTION).map(p -> new FidFeatures(nets.fidInception(), nets.manager(),
                            fidEvery)));
        }
    }

    /**
     * One video's numbers (null: not measured, {@code note} says why); {@code changed} is the share of frames
     * that differ visibly from the reference's (0 to 1).
     */
    public record Row(String video, Integer offset, Double lseC, Double lseD, Double ssim, Double changed,
            String note) {}

    /** Every row, their means, FVD and FID over the set, and notes about the whole run. */
    public record Report(List<Row> rows, Row mean, Double fvd, Double fid, List<String> notes) {
        /** Whether any number at all was measured. */
        public boolean measuredAnything() {
            return rows.stream().anyMatch(r -> r.lseC() != null || r.ssim() != null) || fvd != null || fid != null;
        }
    }

    public interface Listener {
        void started(int index, int count, Path video);
    }

    private Evaluation() {}

    /** {@code references}: null, or one per video (same order). {@code audio}: null for each video's own. */
    public static Report run(List<Path> videos, Path audio, List<Path> references, Tools tools, Listener listener) {
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!tools.lse().present()) {
            notes.add("LSE-C/LSE-D not measured: " + tools.lse().missing());
        }
        for (int i = 0; i < videos.size(); i++) {
            Path video = videos.get(i);
            listener.started(i, videos.size(), video);
            rows.add(row(video, audio, references == null ? null : references.get(i), tools));
        }
        Double fvd = null;
        Double fid = null;
        if (references == null) {
            notes.add("SSIM, changed frames, FVD and FID not measured: they compare against references (--reference)");
        } else {
            if (!tools.i3d().present()) {
                notes.add("FVD not measured: " + tools.i3d().missing());
            } else {
                fvd = fvd(videos, references, tools, notes);
            }
            if (!tools.fid().present()) {
                notes.add("FID not measured: " + tools.fid().missing());
            } else {
                fid = fid(videos, references, tools.fid().value(), notes);
            }
        }
        return new Report(rows, mean(rows), fvd, fid, notes);
    }

    private static Row row(Path video, Path audio, Path reference, Tools tools) {
        String name = video.getFileName().toString();
        List<String> note = new ArrayList<>();
        Integer offset = null;
        Double lseC = null;
        Double lseD = null;
        Comparison compared = Comparison.NONE;
        try {
            if (tools.lse().present()) {
                LipSyncError.Result r = tools.lse().value().measure(video, audio);
                if (r.clip().isPresent()) {
                    offset = r.clip().get().avOffset();
                    lseC = r.lseC();
                    lseD = r.lseD();
                } else {
                    note.add("no face track longer than " + FaceTracker.MIN_TRACK + " frames with faces over "
                            + (int) FaceTracker.MIN_FACE_SIZE + " px");
                }
            }
            if (reference != null) {
                compared = compare(video, reference, note);
            }
        } catch (MediaException e) {
            note.add(e.getMessage());
        }
        return new Row(name, offset, lseC, lseD, compared.ssim(), compared.changed(),
                note.isEmpty() ? null : String.join("; ", note));
    }

    /** A video against its reference: mean SSIM and the share of changed frames (null: no frames to compare). */
    private record Comparison(Double ssim, Double changed) {
        static final Comparison NONE = new Comparison(null, null);
    }

    /** Over the frames both videos have; a reference of another size is resized to the video's. */
    private static Comparison compare(Path video, Path reference, List<String> note) {
        double sum = 0;
        int changed = 0;
        int n = 0;
        boolean resized = false;
        try (FrameStream a = FrameStream.open(video); FrameStream b = FrameStream.open(reference)) {
            while (a.hasNext() && b.hasNext()) {
                Rgb x = a.next();
                Rgb y = b.next();
                if (x.width() != y.width() || x.height() != y.height()) {
                    y = new Rgb(x.width(), x.height(), Resize.linear(y.pixels(), y.width(), y.height(), x.width(),
                            x.height()));
                    resized = true;
                }
                sum += Ssim.of(x, y);
                changed += FrameChange.changed(x, y) ? 1 : 0;
                n++;
            }
        }
        if (resized) {
            note.add("reference resized to the video's size for SSIM and changed frames");
        }
        return n == 0 ? Comparison.NONE : new Comparison(sum / n, changed / (double) n);
    }

    private static Double fvd(List<Path> videos, List<Path> references, Tools tools, List<String> notes) {
        // Upstream takes one clip per video; a single pair has no spread, so it gives every clip of each.
        boolean every = videos.size() < 2;
        float[][] fake = features(videos, tools, every, notes);
        float[][] real = features(references, tools, every, notes);
        if (fake.length < 2 || real.length < 2) {
            notes.add("FVD not measured: it needs at least 2 clips of 16 frames with faces on each side (have "
                    + fake.length + " and " + real.length + ")");
            return null;
        }
        notes.add("FVD over " + fake.length + " clips against " + real.length
                + (every ? " (every 16 frames from frame 20)" : " (frames 20-35 of each video, as upstream)"));
        return FrechetDistance.of(fake, real);
    }

    private static Double fid(List<Path> videos, List<Path> references, FidFeatures features, List<String> notes) {
        float[][] fake = features.of(videos);
        float[][] real = features.of(references);
        if (fake.length < 2 || real.length < 2) {
            notes.add("FID not measured: it needs at least 2 frames on each side");
            return null;
        }
        notes.add("FID over " + fake.length + " frames against " + real.length);
        return FrechetDistance.of(fake, real);
    }

    private static float[][] features(List<Path> videos, Tools tools, boolean every, List<String> notes) {
        List<float[]> out = new ArrayList<>();
        for (Path v : videos) {
            FvdClips.Clips clips = FvdClips.of(v, tools.faces(), every);
            if (clips.withoutFace() > 0) {
                notes.add(v.getFileName() + ": " + clips.withoutFace() + " FVD clip(s) left out, a frame had no face");
            }
            for (float[] clip : clips.clips()) {
                out.add(tools.i3d().value().features(clip, 1)[0]);
            }
        }
        return out.toArray(new float[0][]);
    }

    private static Row mean(List<Row> rows) {
        return new Row("mean", null, average(rows.stream().map(Row::lseC).toList()),
                average(rows.stream().map(Row::lseD).toList()), average(rows.stream().map(Row::ssim).toList()),
                average(rows.stream().map(Row::changed).toList()), null);
    }

    private static Double average(List<Double> values) {
        List<Double> present = values.stream().filter(v -> v != null && !v.isNaN()).toList();
        return present.isEmpty() ? null : present.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
