package io.lipsync.pipeline;

import ai.djl.ndarray.NDManager;

/**
 * A face track computed on demand while the render runs: asking for frame s analyses every frame up to s
 * (in batches, in order, as the alignment smoothing needs), so the first chunk can be lip-synced and
 * streamed out long before the whole clip is analysed. {@link #complete()} analyses the rest and commits
 * the cache entry for later renders.
 */
final class LiveAnalysis implements FaceRecords {
    private final ClipAnalyzer analyzer;
    private final FrameStore frames;
    private final FaceCache.Builder builder;
    private final NDManager manager;
    private final RenderListener listener;
    private int analysed;

    LiveAnalysis(ClipAnalyzer analyzer, FrameStore frames, FaceCache.Builder builder, NDManager manager,
            RenderListener listener) {
        this.analyzer = analyzer;
        this.frames = frames;
        this.builder = builder;
        this.manager = manager;
        this.listener = listener;
    }

    @Override
    public FaceRecord get(int sourceFrame) {
        while (analysed <= sourceFrame) {
            int to = Math.min(frames.count(), analysed + ClipAnalyzer.BATCH);
            analyzer.analyze(frames, analysed, to, builder, manager);
            analysed = to;
        }
        return builder.get(sourceFrame);
    }

    @Override
    public int faces() {
        return builder.faces();
    }

    /** Analyses the frames the render did not need and stores the entry. */
    FaceCache.Entry complete() {
        if (analysed < frames.count()) {
            listener.message("finishing the face analysis of the clip for the cache");
            get(frames.count() - 1);
        }
        return builder.commit();
    }

    int detectorCalls() {
        return analyzer.detectorCalls();
    }

    int vaeEncodes() {
        return analyzer.vaeEncodes();
    }

    @Override
    public void close() {
        builder.close();
    }
}
