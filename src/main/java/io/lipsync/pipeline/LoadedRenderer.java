package io.lipsync.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.lipsync.latentsync.LatentSyncModels;
import io.lipsync.model.nn.Autocast;
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
    private final DataType low;

    /**
     * Loads the set's networks and opens its face detector (slow: seconds to minutes at full size); renders run
     * their matrix products and convolutions in {@code low} (FLOAT16, see Autocast), or null for float32.
     */
    public LoadedRenderer(ModelSet set, FaceCache cache, Device device, DataType low) {
        Nets opened = new Nets(NetFiles.of(set, null), device);
        this.low = low;
        try {
            this.pipeline = new RenderPipeline(LatentSyncModels.open(opened, set.unetConfig()).inPrecision(low),
                    opened.faceDetector(), cache);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.nets = opened;
    }

    public synchronized RenderSummary render(RenderRequest request, RenderListener listener) {
        try (NDManager m = nets.manager().newSubManager()) {
            return Autocast.run(low, () -> pipeline.render(request, m, listener));
        }
    }

    @Override
    public synchronized void close() {
        nets.close();
    }
}
