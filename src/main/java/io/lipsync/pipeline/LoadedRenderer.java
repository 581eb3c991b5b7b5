package io.lipsync.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.face.FaceDetector;
import io.lipsync.face.FaceDetectors;
import io.lipsync.modelfiles.ModelSet;

/**
 * The loaded engine: networks, face detector and face cache, kept for any number of renders (the daemon
 * loads once and renders every job on it). Renders run one at a time.
 */
public final class LoadedRenderer implements AutoCloseable {
    private final NDManager manager;
    private final FaceDetector detector;
    private final RenderPipeline pipeline;

    /** Loads the set's networks and opens its face detector (slow: seconds to minutes at full size). */
    public LoadedRenderer(ModelSet set, FaceCache cache, Device device) {
        FaceDetector detector = FaceDetectors.open(set.faceDetector());
        NDManager m = NDManager.newBaseManager(device);
        try {
            this.pipeline = new RenderPipeline(LatentSyncModels.load(set, m), detector, cache);
        } catch (RuntimeException e) {
            detector.close();
            m.close();
            throw e;
        }
        this.manager = m;
        this.detector = detector;
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
