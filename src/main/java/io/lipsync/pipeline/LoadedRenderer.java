package io.lipsync.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.nets.NetFiles;
import io.lipsync.nets.Nets;

/**
 * The loaded engine: networks, face detector and face cache, kept for any number of renders (the daemon
 * loads once and renders every job on it). Renders run one at a time.
 */
public final class LoadedRenderer implements AutoCloseable {
    private final Nets nets;
    private final RenderPipeline pipeline;

    /** Loads the set's networks and opens its face detector (slow: seconds to minutes at full size). */
    public LoadedRenderer(ModelSet set, FaceCache cache, Device device) {
        Nets opened = new Nets(NetFiles.of(set, null), device);
        try {
            this.pipeline = new RenderPipeline(LatentSyncModels.open(opened, set.unetConfig()), opened.faceDetector(),
                    cache);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.nets = opened;
    }

    public synchronized RenderSummary render(RenderRequest request, RenderListener listener) {
        try (NDManager m = nets.manager().newSubManager()) {
            return pipeline.render(request, m, listener);
        }
    }

    @Override
    public synchronized void close() {
        nets.close();
    }
}
