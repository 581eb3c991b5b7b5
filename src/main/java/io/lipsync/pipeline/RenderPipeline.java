package io.lipsync.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.audio.AudioFeatureExtractor;
import io.lipsync.audio.LogMelSpectrogram;
import io.lipsync.latentsync.LatentSync;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.face.FaceAligner;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceRestorer;
import io.lipsync.face.MouthMask;
import io.lipsync.image.Planar;
import io.lipsync.image.Resize;
import io.lipsync.image.Rgb;
import io.lipsync.media.AudioDecoder;
import io.lipsync.media.MediaException;
import io.lipsync.media.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A whole render: decode the clip at 25 fps, take its face work from the cache (or do it and cache it),
 * turn the voice into per-frame audio windows, then for each run of up to 16 frames with a face denoise,
 * decode, paste back and encode, streaming frames to the output in order. Frames without a face pass
 * through unchanged; a voice longer than the clip plays the clip back and forth.
 */
public final class RenderPipeline {
    /** Frames the U-Net sees at once (upstream's num_frames). */
    public static final int CHUNK = 16;
    private static final String PREPROCESSING = "align3-lanczos4-v1";

    private final LatentSyncModels models;
    private final FaceDetector detector;
    private final FaceCache cache;
    private final LatentSync latentSync;
    private final float[] mouthMask;
    private final FaceAligner cropShape;

    /** What writing the output did: frames passed through, and when the first segment landed (or -1). */
    private record Written(int passedThrough, long firstSegmentNanos) {}

    public RenderPipeline(LatentSyncModels models, FaceDetector detector, FaceCache cache) {
        this.models = models;
        this.detector = detector;
        this.cache = cache;
        this.latentSync = LatentSync.of(models);
        this.mouthMask = MouthMask.load(models.resolution());
        this.cropShape = new FaceAligner(models.resolution());
    }

    public RenderSummary render(RenderRequest request, NDManager manager, RenderListener listener) {
        Stopwatch clock = new Stopwatch();
        float[] voice = AudioDecoder.decode(request.audio());
        checkVoice(voice, request.audio());
        try (FrameStore frames = new FrameStore()) {
            listener.stage("decode video", -1);
            VideoDecoder.decode(request.video(), frames::expect, frames::append);
            if (frames.count() == 0) {
                throw new MediaException(request.video() + " has no frames (zero-length clip)");
            }
            clock.lap("decode");

            listener.stage("audio features", -1);
            NDArray features = new AudioFeatureExtractor(models.whisper())
                    .features(new LogMelSpectrogram(models.whisper().config().nMels()).compute(manager, voice));
            int outputFrames = AudioFeatureExtractor.windowCount(features.getShape().get(0));
            clock.lap("audio features");

            FaceDetector chosen = detector.choosing(request.face());
            ClipAnalyzer analyzer = new ClipAnalyzer(chosen, latentSync, models.resolution(), mouthMask);
            String key = FaceCache.key(request.video(), models.faceWorkId() + "|" + chosen.id() + "|" + PREPROCESSING);
            try (ClipFaces faces = ClipFaces.open(cache, key, models.resolution(), analyzer, frames, manager, listener)) {
                if (faces.fromCache() && faces.records().faces() == 0) {
                    throw noFace(request);
                }
                long renderStart = System.nanoTime();
                Written written = writeVideo(request, frames, faces, features, outputFrames, voice, manager, listener);
                // Live analysis ran inside the lip-sync loop: it is reported as its own stage.
                double analysis = analyzer.seconds();
                clock.add("face analysis", analysis);
                clock.lap("lip-sync + encode");
                clock.add("lip-sync + encode", -analysis);
                if (written.firstSegmentNanos() > 0) {
                    clock.add("first segment after", (written.firstSegmentNanos() - renderStart) / 1e9);
                }
                return new RenderSummary(new RenderSummary.Frames(outputFrames, frames.count(), written.passedThrough()),
                        new RenderSummary.FaceWork(faces.records().faces(), faces.fromCache(), analyzer.detectorCalls(),
                                analyzer.vaeEncodes()), voice.length / (double) AudioDecoder.SAMPLE_RATE, clock.seconds());
            }
        }
    }

    private static MediaException noFace(RenderRequest request) {
        return new MediaException("no face was found in any frame of " + request.video()
                + "; give a clip where a face is clearly visible");
    }

    /**
     * Every output frame in order: runs of up to 16 frames with a face are lip-synced, the others pass
     * through. The whole clip is analysed (and cached) before the output is committed.
     */
    private Written writeVideo(RenderRequest request, FrameStore frames, ClipFaces faces, NDArray features,
            int outputFrames, float[] voice, NDManager manager, RenderListener listener) {
        int h = models.resolution() / 8;
        Random random = new Random(request.seed());
        float[] noise = Tensors.gaussian(random, 4 * h * h);
        int passed = 0;
        listener.stage("lip-sync", outputFrames);
        long firstSegment;
        try (RenderOutput output = new RenderOutput(request, frames.width(), frames.height(), voice, listener)) {
            List<Integer> run = new ArrayList<>();
            List<FaceRecord> runRecords = new ArrayList<>();
            for (int i = 0; i <= outputFrames; i++) {
                boolean end = i == outputFrames;
                int source = end ? -1 : FrameSchedule.sourceFrame(i, frames.count());
                FaceRecord record = end ? FaceRecord.NO_FACE : faces.records().get(source);
                boolean face = record.hasFace();
                if (face) {
                    run.add(i);
                    runRecords.add(record);
                }
                if (!run.isEmpty() && (!face || run.size() == CHUNK)) {
                    lipSync(run, runRecords, frames, features, noise, random, request, manager, output);
                    run.clear();
                    runRecords.clear();
                    listener.progress(i);
                }
                if (!end && !face) {
                    output.frame(frames.get(source), i);
                    passed++;
                    listener.progress(i + 1);
                }
            }
            if (faces.complete() == 0) {
                throw noFace(request);
            }
            firstSegment = output.commit();
        }
        listener.progress(outputFrames);
        return new Written(passed, firstSegment);
    }

    /**
     * One chunk of consecutive output frames that all show a face, with their records: each finished frame
     * goes to the output as soon as it is pasted back (16 whole 4K frames would be 400 MB).
     */
    private void lipSync(List<Integer> outputIndices, List<FaceRecord> records, FrameStore frames,
            NDArray features, float[] noise, Random random, RenderRequest request, NDManager parent, RenderOutput output) {
        int r = models.resolution();
        int h = r / 8;
        int n = outputIndices.size();
        List<byte[]> crops = new ArrayList<>();
        for (FaceRecord rec : records) {
            crops.add(rec.crop());
        }
        try (NDManager m = parent.newSubManager()) {
            Shape latent = new Shape(n, 4, h, h);
            NDArray facesArray = m.create(Tensors.facesToPlanar(crops, r), new Shape(n, 3, r, r));
            NDArray mask = m.create(Tensors.repeat(mouthMask, n), new Shape(n, 1, r, r));
            NDArray masked = sampledLatents(m, records, true, latent, random);
            NDArray reference = sampledLatents(m, records, false, latent, random);
            NDArray audio = AudioFeatureExtractor.frameWindows(features, outputIndices.get(0),
                    outputIndices.get(n - 1) + 1);
            // Cut from the whole voice's features, the windows would otherwise live (with the guided batch
            // made from them) as long as the render: memory growing with the clip's length.
            audio.attach(m);
            NDArray finalLatents = latentSync.denoiseChunk(m.create(noise, new Shape(1, 4, 1, h, h)),
                    latentSync.latentMask(mask), masked, reference, audio, request.options(),
                    io.lipsync.latentsync.DenoiseListener.NONE);
            NDArray decoded = LatentSync.paste(latentSync.decode(finalLatents), facesArray, mask);
            float[] pixels = decoded.toFloatArray();
            int plane = 3 * r * r;
            for (int k = 0; k < n; k++) {
                Planar face = new Planar(3, r, r, java.util.Arrays.copyOfRange(pixels, k * plane, (k + 1) * plane));
                Planar resized = Resize.bicubicAntialias(face, cropShape.cropHeight(), cropShape.cropWidth());
                int index = outputIndices.get(k);
                Rgb frame = frames.get(FrameSchedule.sourceFrame(index, frames.count()));
                output.frame(FaceRestorer.restore(frame, resized, records.get(k).affine()), index);
            }
        }
    }

    /** A draw from the cached posteriors of the chunk's masked (or reference) faces, in U-Net latent space. */
    private static NDArray sampledLatents(NDManager m, List<FaceRecord> records, boolean masked, Shape shape,
            Random random) {
        List<float[]> means = new ArrayList<>();
        List<float[]> stds = new ArrayList<>();
        for (FaceRecord rec : records) {
            means.add(masked ? rec.maskedMean() : rec.refMean());
            stds.add(masked ? rec.maskedStd() : rec.refStd());
        }
        NDArray mean = m.create(Tensors.concat(means), shape);
        NDArray std = m.create(Tensors.concat(stds), shape);
        NDArray eps = m.create(Tensors.gaussian(random, (int) shape.size()), shape);
        return LatentSync.sampleLatents(LatentSync.posterior(mean, std), eps);
    }

    private static void checkVoice(float[] voice, Path file) {
        if (voice.length < LogMelSpectrogram.HOP * 2) {
            throw new MediaException("the voice track " + file + " is empty or shorter than a frame");
        }
        float peak = 0;
        for (float v : voice) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak < 1e-4f) {
            throw new MediaException("the voice track " + file + " is silent; give a recording with speech");
        }
    }
}
