package io.lipsync.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.lipsync.engine.LatentSyncModels;
import io.lipsync.face.BlazeFaceDetector;
import java.nio.file.Path;

/**
 * The loaded engine: networks, face detector and face cache, kept for any number of renders (the daemon
 * loads once and renders every job on it). Renders run one at a time.
 */
public final class RenderEngine implements AutoCloseable {
    private final NDManager manager;
    private final BlazeFaceDetector detector;
    private final RenderPipeline pipeline;

    public RenderEngine(LatentSyncModels.Paths paths, Path faceDetector, FaceCache cache, Device device) {
        NDManager m = NDManager.newBaseManager(device);
        BlazeFaceDetector d = null;
        try {
            d = new BlazeFaceDetector(faceDetector);
            this.pipeline = new RenderPipeline(LatentSyncModels.load(paths, m), d, cache);
        } catch (RuntimeException e) {
            if (d != null) {
                d.close();
            }
            m.close();
            throw e;
        }
        this.manager = m;
        this.detector = d;
    }

    public synchronized RenderSummary render(RenderRequest request, RenderListener listener) {
        try (NDManager m = manager.newSubManager()) {
            return pipeline.render(request, m, listener);
        }
    }

    @Override
    public synchronized void close() {
        detector.close();
        manager.close();
    }
}
