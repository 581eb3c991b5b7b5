package io.lipsync.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.AudioFeatureExtractor;
import io.lipsync.audio.LogMelSpectrogram;
import io.lipsync.audio.SyncNetMel;
import io.lipsync.image.Normalize;
import io.lipsync.media.VideoDecoder;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.SafetensorsWriter;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.media.AudioDecoder;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.whisper.WhisperEncoder;
import io.lipsync.util.FileFingerprint;
import io.lipsync.util.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * U-Net batches as upstream's UNetDataset and train_unet.py make them: per sample a clip of at least 3·F
 * frames, a target window and a reference window that does not overlap it (drawn by
 * {@link WindowSampler#unet}), the target frames, the same with the mouth masked, the reference frames,
 * and the Whisper windows of the target frames. Whisper features are computed once per clip and cached by
 * the clip's and the Whisper model's content (upstream keys them by file basename).
 */
public final class UNetBatches {
    private final PreparedClips clips;
    private final WhisperEncoder whisper;
    private final String whisperId;
    private final Path cache;
    private final float[] mask;
    private final int numFrames;
    private final long seed;
    private final boolean withMel;
    /** Features in memory, so a clip drawn again is not read (or fingerprinted) again. */
    private final BoundedCache<Integer, TensorData> features =
            new BoundedCache<>(1L << 30, t -> TensorData.numel(t.shape()) * 4);

    /** {@code withMel}: also the SyncNet mel window of each target window (stage 2's sync loss needs it). */
    public UNetBatches(PreparedClips clips, WhisperEncoder whisper, Path whisperFile, Path cache, float[] mask,
            int numFrames, long seed, boolean withMel) {
        if (clips.clips().stream().noneMatch(c -> c.frames() >= 3 * numFrames)) {
            throw new UserError("no prepared clip has the " + 3 * numFrames + " frames a U-Net sample needs (a window "
                    + "and a reference that does not overlap it)", "give longer clips (upstream's segments are 5 s)");
        }
        this.clips = clips;
        this.whisper = whisper;
        this.whisperId = FileFingerprint.of(whisperFile);
        this.cache = cache;
        this.mask = mask;
        this.numFrames = numFrames;
        this.seed = seed;
        this.withMel = withMel;
    }

    /** Batch number {@code n}: its draws depend only on the seed and n. */
    public UNetStep.Batch get(long n, int size, NDManager m) {
        WindowSampler.Draws draws = WindowSampler.random(new Random(seed * 1_000_003L + n));
        int r = clips.resolution();
        int frameSize = 3 * r * r;
        float[] gt = new float[size * numFrames * frameSize];
        float[] masked = new float[gt.length];
        float[] ref = new float[gt.length];
        NDArray[] audio = new NDArray[size];
        int melWidth = SyncNetMel.windowLength(numFrames);
        float[] mel = new float[size * SyncNetMel.MELS * melWidth];
        for (int b = 0; b < size; b++) {
            int clip;
            WindowSampler.UNetSample s;
            int[] cols;
            // As UNetDataset: a clip too short for two windows, or a target whose mel window runs past the
            // audio, is drawn again.
            do {
                do {
                    clip = draws.randint(0, clips.clips().size() - 1);
                } while (clips.clips().get(clip).frames() < 3 * numFrames);
                s = WindowSampler.unet(clips.clips().get(clip).frames(), numFrames, draws);
                cols = SyncNetMel.window(s.start(), VideoDecoder.FPS, melWidth, clips.clips().get(clip).melFrames());
            } while (withMel && cols[1] - cols[0] != melWidth);
            if (withMel) {
                System.arraycopy(clips.mel(clip, cols[0], melWidth), 0, mel, b * SyncNetMel.MELS * melWidth,
                        SyncNetMel.MELS * melWidth);
            }
            byte[][] target = clips.frames(clip, s.start(), numFrames);
            byte[][] reference = clips.frames(clip, s.refStart(), numFrames);
            for (int f = 0; f < numFrames; f++) {
                int at = (b * numFrames + f) * frameSize;
                Normalize.into(target[f], gt, at);
                Normalize.into(reference[f], ref, at);
                for (int i = 0; i < frameSize; i++) {
                    // masked = gt * mask, computed in double as upstream's float64 mask makes it
                    masked[at + i] = (float) ((double) gt[at + i] * mask[i % (r * r)]);
                }
            }
            try (NDManager features = m.newSubManager()) {
                NDArray windows = AudioFeatureExtractor.frameWindows(features(clip, features), s.start(), s.start() + numFrames);
                windows.attach(m);
                audio[b] = windows;
            }
        }
        Shape frames = new Shape(size, numFrames, 3, r, r);
        return new UNetStep.Batch(m.create(gt, frames), m.create(masked, frames), m.create(ref, frames),
                m.create(mask, new Shape(1, r, r)), NDArrays.stack(new NDList(audio)),
                withMel ? m.create(mel, new Shape(size, 1, SyncNetMel.MELS, melWidth)) : null);
    }

    /** A clip's Whisper features (T, layers + 1, D) on {@code m}. */
    private NDArray features(int clip, NDManager m) {
        TensorData t = features.get(clip, this::loadFeatures);
        return m.create(t.toFloats(), new Shape(t.shape()));
    }

    /** From the disk cache (keyed by the clip's and the Whisper model's content), or computed and cached. */
    private TensorData loadFeatures(int clip) {
        Path file = clips.clips().get(clip).path();
        Path entry = cache.resolve(FileFingerprint.of(file) + "-" + whisperId + ".whisper.safetensors");
        try {
            if (Files.isRegularFile(entry)) {
                return SafetensorsReader.read(entry).get("features");
            }
        } catch (IOException | RuntimeException damaged) {
            // recomputed below
        }
        try (NDManager m = NDManager.newBaseManager()) {
            TensorData computed = WeightLoader.fromEngine(new AudioFeatureExtractor(whisper)
                    .features(new LogMelSpectrogram(whisper.config().nMels()).compute(m, AudioDecoder.decode(file))));
            Files.createDirectories(cache);
            SafetensorsWriter.write(entry, Map.of("features", computed));
            return computed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audio-feature cache " + entry, e);
        }
    }
}
