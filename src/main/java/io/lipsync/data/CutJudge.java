package io.lipsync.data;

import io.lipsync.eval.ClipSync;
import io.lipsync.eval.LipSyncError;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Steps 6 and 7 on an aligned cut, then its one encode: SyncNet-v2's offset and confidence (the offset
 * corrected by cutting the leading frames of whichever stream is ahead), HyperIQA's score, and the
 * {@link Filters}' verdict; kept cuts go under clips/, filtered ones under filtered/. A step whose net is
 * absent is skipped and the row says so. Every judged cut is scored by HyperIQA whatever step 6 decided,
 * so {@code data refilter} can apply any thresholds later.
 */
final class CutJudge {
    private final int resolution;
    private final Filters filters;

    CutJudge(int resolution, Filters filters) {
        this.resolution = resolution;
        this.filters = filters;
    }

    ManifestRow judgedAndWritten(AlignedCut s, Path out, PrepareTools tools) {
        List<String> notes = new ArrayList<>();
        ClipSync clip = null;
        OffsetCorrection correction = OffsetCorrection.NONE;
        List<Rgb> faces = s.faces();
        if (!tools.sync().present()) {
            notes.add("sync filter (step 6) not run: " + tools.sync().missing());
        } else {
            notes.add("step 6 faces: " + tools.syncFaces());
            LipSyncError.Result r = tools.sync().value().measure(sink -> faces.forEach(sink), s.sound());
            if (r.clip().isEmpty()) {
                return s.dropped("sync_av", "SyncNet-v2 found no face track to judge", String.join("; ", notes));
            }
            clip = r.clip().get();
            if (Math.abs(clip.avOffset()) < faces.size()) {
                correction = OffsetCorrection.of(clip.avOffset());
            }
        }
        int kept = correction.framesLeft(faces.size());
        List<Rgb> corrected = faces.subList(correction.videoFrames(), correction.videoFrames() + kept);
        Double quality = null;
        if (!tools.quality().present()) {
            notes.add("quality filter (step 7) not run: " + tools.quality().missing());
        } else if (kept > 0) {
            quality = tools.quality().value().score(corrected);
        }
        Double offset = clip == null ? null : (double) clip.avOffset();
        Double confidence = clip == null ? null : clip.conf();
        Optional<Filters.Drop> drop = filters.verdict(offset, confidence, quality);
        if (!correction.equals(OffsetCorrection.NONE)) {
            notes.add("audio moved by " + clip.avOffset() + " frames to offset 0 (" + (faces.size() - kept)
                    + " frames cut)");
        }
        String folder = drop.isPresent() ? SourcePreparer.FILTERED_FOLDER : SourcePreparer.KEPT_FOLDER;
        write(out.resolve(folder).resolve(s.clipName()), corrected, s.sound(), correction.firstSample());
        int start = s.start() + correction.videoFrames();
        return s.row(start, start + kept, ManifestRow.Verdict.judged(drop, folder + "/" + s.clipName()),
                new ManifestRow.Scores(offset, confidence, quality), String.join("; ", notes));
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
}
