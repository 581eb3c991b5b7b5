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
import io.lipsync.media.VideoEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, Double> seconds = new LinkedHashMap<>();
        int resolution = models.resolution();
        long t = System.nanoTime();
        float[] voice = AudioDecoder.decode(request.audio());
        checkVoice(voice, request.audio());
        try (FrameStore frames = new FrameStore()) {
            listener.stage("decode video", -1);
            VideoDecoder.decode(request.video(), frames::append);
            if (frames.count() == 0) {
                throw new MediaException(request.video() + " has no frames (zero-length clip)");
            }
            t = lap(seconds, "decode", t);

            String key = cacheKey(request.video());
            listener.stage("audio features", -1);
            NDArray features = new AudioFeatureExtractor(models.whisper())
                    .features(new LogMelSpectrogram(models.whisper().dims().nMels()).compute(manager, voice));
            int outputFrames = AudioFeatureExtractor.windowCount(features.getShape().get(0));
            t = lap(seconds, "audio features", t);

            FaceCache.Entry cached = cache.open(key, resolution).orElse(null);
            if (cached != null && cached.faces() == 0) {
                cached.close();
                throw noFace(request);
            }
            ClipAnalyzer analyzer = new ClipAnalyzer(detector, latentSync, resolution, mouthMask);
            LiveAnalysis live = cached != null ? null
                    : new LiveAnalysis(analyzer, frames, cache.build(key, resolution), manager, listener);
            try (FaceTrack track = cached != null ? cached : live) {
                long renderStart = System.nanoTime();
                Written written = writeVideo(request, frames, track, features, outputFrames, voice, manager, listener,
                        () -> {
                            // The whole clip must be known (and cached) before the output is committed.
                            int faces = track.faces();
                            if (live != null) {
                                try (FaceCache.Entry stored = live.complete()) {
                                    faces = stored.faces();
                                }
                            }
                            if (faces == 0) {
                                throw noFace(request);
                            }
                        });
                seconds.put("face analysis", analyzer.seconds());
                lap(seconds, "lip-sync + encode", t);
                seconds.merge("lip-sync + encode", -analyzer.seconds(), Double::sum);
                if (written.firstSegmentNanos() > 0) {
                    seconds.put("first segment after", (written.firstSegmentNanos() - renderStart) / 1e9);
                }
                return new RenderSummary(outputFrames, frames.count(), track.faces(), written.passedThrough(),
                        cached != null, analyzer.detectorCalls(), analyzer.vaeEncodes(),
                        voice.length / (double) AudioDecoder.SAMPLE_RATE, seconds);
            }
        }
    }

    private static MediaException noFace(RenderRequest request) {
        return new MediaException("no face was found in any frame of " + request.video()
                + "; give a clip where a face is clearly visible");
    }

    private Written writeVideo(RenderRequest request, FrameStore frames, FaceTrack faces, NDArray features,
            int outputFrames, float[] voice, NDManager manager, RenderListener listener, Runnable beforeCommit) {
        int h = models.resolution() / 8;
        Random random = new Random(request.seed());
        float[] noise = Tensors.gaussian(random, 4 * h * h);
        int passed = 0;
        long firstSegment = -1;
        listener.stage("lip-sync", outputFrames);
        // Segments of half a chunk: the muxer closes a segment only when the next keyframe arrives, so the
        // first one is playable as soon as the first chunk is written, not after the second.
        VideoEncoder.Hls hls = request.segments() == null ? null
                : new VideoEncoder.Hls(request.segments(), CHUNK / 2);
        try (VideoEncoder mp4 = new VideoEncoder(request.out(), frames.width(), frames.height(), "mp4", hls)) {
            SegmentWriter segments = hls == null ? null : new SegmentWriter(mp4, hls, listener);
            Output output = new Output(mp4, segments, voice);
            List<Integer> run = new ArrayList<>();
            List<FaceRecord> runRecords = new ArrayList<>();
            for (int i = 0; i <= outputFrames; i++) {
                boolean end = i == outputFrames;
                int source = end ? -1 : FrameSchedule.sourceFrame(i, frames.count());
                FaceRecord record = end ? FaceRecord.NO_FACE : faces.get(source);
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
            beforeCommit.run();
            mp4.commit();
            if (segments != null) {
                segments.poll();
                firstSegment = segments.firstSegmentNanos();
            }
        }
        listener.progress(outputFrames);
        return new Written(passed, firstSegment);
    }

    /**
     * The encoder fed frame by frame, with the voice written up to the end of each frame (never past the
     * voice's end), and, when it also writes HLS, the watch that reports each segment as it lands.
     */
    private static final class Output {
        private final VideoEncoder mp4;
        private final SegmentWriter segments;
        private final float[] voice;
        private int samplesWritten;

        Output(VideoEncoder mp4, SegmentWriter segments, float[] voice) {
            this.mp4 = mp4;
            this.segments = segments;
            this.voice = voice;
        }

        /** Output frame {@code index}, and its share of the voice. */
        void frame(Rgb frame, int index) {
            mp4.writeVideo(frame);
            long end = (long) (index + 1) * AudioDecoder.SAMPLE_RATE / VideoDecoder.FPS;
            int until = (int) Math.max(samplesWritten, Math.min(voice.length, end));
            mp4.writeAudio(voice, samplesWritten, until);
            samplesWritten = until;
            if (segments != null) {
                segments.poll();
            }
        }
    }

    /**
     * One chunk of consecutive output frames that all show a face, with their records: each finished frame
     * goes to the output as soon as it is pasted back (16 whole 4K frames would be 400 MB).
     */
    private void lipSync(List<Integer> outputIndices, List<FaceRecord> records, FrameStore frames,
            NDArray features, float[] noise, Random random, RenderRequest request, NDManager parent, Output output) {
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
                    io.lipsync.latentsync.StepListener.NONE);
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

    /** Clip content hash + everything that changes the face work. */
    private String cacheKey(Path video) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(video)) {
                byte[] buffer = new byte[1 << 20];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                }
            }
            sha.update(("|" + models.id() + "|" + detector.id() + "|" + PREPROCESSING).getBytes());
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new MediaException("cannot read " + video + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lap(Map<String, Double> seconds, String stage, long start) {
        long now = System.nanoTime();
        seconds.merge(stage, (now - start) / 1e9, Double::sum);
        return now;
    }
}
