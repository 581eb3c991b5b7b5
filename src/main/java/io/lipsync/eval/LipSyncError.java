package io.lipsync.eval;

import io.lipsync.face.FaceBox;
import io.lipsync.face.FaceBoxDetector;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.VideoDecoder;
import io.lipsync.shots.ShotDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * LSE-C and LSE-D of a video as upstream's eval_sync_conf measures them: faces found in every frame, the
 * video split into shots (ContentDetector), faces tracked within shots longer than 50 frames, each track
 * cropped and judged by SyncNet-v2 against its stretch of audio; the video's offset and confidence
 * (LSE-C) are the tracks' aggregated as {@link ClipSync}, its LSE-D the tracks' mean minimum distance.
 *
 * <p>Upstream writes the track crops to an MPEG-4 Part 2 file and its audio to AAC, and reads both back
 * (JPEG frames, WAV); here the crops and samples go to the net directly, without those lossy round trips.
 */
public record LipSyncError(FaceBoxDetector detector, SyncNetV2Eval syncnet, FaceTracker tracker) {
    /** One track's verdict. */
    public record TrackResult(FaceTrack track, SyncOffset sync) {}

    /** A video's verdict: empty {@code clip} when no face track was long enough (upstream: "Face not detected"). */
    public record Result(int frames, List<TrackResult> tracks, Optional<ClipSync> clip, double lseD) {
        public double lseC() {
            return clip.map(ClipSync::conf).orElse(Double.NaN);
        }
    }

    /** A video's 25 fps frames, which the measurement walks twice (finding faces, then cropping them). */
    @FunctionalInterface
    public interface Frames {
        void replay(Consumer<Rgb> sink);
    }

    /** {@code video}'s lips against its own audio, or against {@code audio} when given. */
    public Result measure(Path video, Path audio) {
        return measure(sink -> VideoDecoder.decode(video, sink), AudioDecoder.decode(audio != null ? audio : video));
    }

    /** The lips in {@code video} against {@code sound} (16 kHz, from the first frame's time). */
    public Result measure(Frames video, float[] sound) {
        List<List<FaceBox>> faces = new ArrayList<>();
        ShotDetector shots = new ShotDetector(ShotDetector.Settings.contentDetector());
        video.replay(rgb -> {
            faces.add(detector.detect(rgb));
            shots.accept(rgb);
        });
        List<FaceTrack> tracks = new ArrayList<>();
        for (int[] shot : shots.finish().scenes()) {
            if (shot[1] - shot[0] >= tracker.minTrack()) {
                tracks.addAll(tracker.track(shot[0], faces.subList(shot[0], shot[1])));
            }
        }
        List<TrackCrops> cropping = tracks.stream().map(TrackCrops::new).toList();
        List<List<Rgb>> crops = new ArrayList<>();
        tracks.forEach(t -> crops.add(new ArrayList<>()));
        int[] frame = {0};
        if (!tracks.isEmpty()) {
            video.replay(rgb -> {
                int f = frame[0]++;
                for (int k = 0; k < tracks.size(); k++) {
                    if (f >= tracks.get(k).firstFrame() && f < tracks.get(k).endFrame()) {
                        crops.get(k).add(cropping.get(k).crop(f, rgb));
                    }
                }
            });
        }
        List<TrackResult> results = new ArrayList<>();
        for (int k = 0; k < tracks.size(); k++) {
            FaceTrack t = tracks.get(k);
            int from = Math.min(sound.length, t.firstFrame() * AudioDecoder.SAMPLES_PER_FRAME);
            int to = Math.min(sound.length, t.endFrame() * AudioDecoder.SAMPLES_PER_FRAME);
            SyncOffset sync = syncnet.evaluate(crops.get(k), Arrays.copyOfRange(sound, from, to));
            if (sync != null) {
                results.add(new TrackResult(t, sync));
            }
        }
        Optional<ClipSync> clip = ClipSync.of(results.stream()
                .map(r -> new ClipSync.Track(r.sync().avOffset(), r.sync().minDist(), r.sync().conf())).toList());
        double lseD = results.stream().mapToDouble(r -> r.sync().minDist()).average().orElse(Double.NaN);
        return new Result(faces.size(), results, clip, lseD);
    }
}
