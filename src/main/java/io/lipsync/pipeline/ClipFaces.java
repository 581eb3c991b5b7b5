package io.lipsync.pipeline;

import ai.djl.ndarray.NDManager;

/**
 * The clip's face track for one render: the cache entry when the clip was analysed before, else a live
 * analysis that works ahead of the render and becomes the cache entry once the whole clip is done.
 */
final class ClipFaces implements AutoCloseable {
    private final FaceCache.Entry cached;
    private final LiveAnalysis live;

    private ClipFaces(FaceCache.Entry cached, LiveAnalysis live) {
        this.cached = cached;
        this.live = live;
    }

    static ClipFaces open(FaceCache cache, String key, int resolution, ClipAnalyzer analyzer, FrameStore frames,
            NDManager manager, RenderListener listener) {
        FaceCache.Entry cached = cache.open(key, resolution).orElse(null);
        return cached != null ? new ClipFaces(cached, null)
                : new ClipFaces(null, new LiveAnalysis(analyzer, frames, cache.build(key, resolution), manager,
                        listener));
    }

    FaceRecords records() {
        return cached != null ? cached : live;
    }

    boolean fromCache() {
        return cached != null;
    }

    /** Finishes the analysis and commits the cache entry (a cache hit has nothing to do); the faces found. */
    int complete() {
        if (cached != null) {
            return cached.faces();
        }
        try (FaceCache.Entry stored = live.complete()) {
            return stored.faces();
        }
    }

    @Override
    public void close() {
        records().close();
    }
}
