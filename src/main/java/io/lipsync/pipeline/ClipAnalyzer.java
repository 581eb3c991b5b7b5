package io.lipsync.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.latentsync.LatentSync;
import io.lipsync.latentsync.FaceLatents;
import io.lipsync.face.FaceCrops;
import io.lipsync.face.FaceDetector;
import io.lipsync.image.Affine;
import io.lipsync.image.Rgb;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The clip's face work, done once per clip and model: detect the face in every frame, align and crop it
 * as upstream does, and VAE-encode the masked and reference crops (batches of 16). Feeds a cache entry,
 * batch by batch, so a render can start lip-syncing before the whole clip is analysed.
 */
final class ClipAnalyzer {
    static final int BATCH = 16;

    private final LatentSync latentSync;
    private final int resolution;
    private final float[] mouthMask;
    private final FaceCrops crops;
    private long nanos;
    private int detectorCalls;
    private int vaeEncodes;

    ClipAnalyzer(FaceDetector detector, LatentSync latentSync, int resolution, float[] mouthMask) {
        this.latentSync = latentSync;
        this.resolution = resolution;
        this.mouthMask = mouthMask;
        this.crops = new FaceCrops(detector, resolution);
    }

    int detectorCalls() {
        return detectorCalls;
    }

    int vaeEncodes() {
        return vaeEncodes;
    }

    /** Analyses frames [from, to) (in order, continuing the alignment smoothing) into {@code out}. */
    void analyze(FrameStore frames, int from, int to, FaceCache.Builder out, NDManager manager) {
        long start = System.nanoTime();
        List<Affine> pendingAffines = new ArrayList<>();
        List<byte[]> pendingCrops = new ArrayList<>();
        List<Boolean> pendingHasFace = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Rgb frame = frames.get(i);
            detectorCalls++;
            Optional<FaceCrops.Crop> crop = crops.next(frame);
            pendingHasFace.add(crop.isPresent());
            pendingAffines.add(crop.map(FaceCrops.Crop::affine).orElse(null));
            pendingCrops.add(crop.map(c -> c.face().pixels()).orElse(null));
            if (pendingHasFace.size() == BATCH || i == to - 1) {
                flush(pendingHasFace, pendingAffines, pendingCrops, out, manager);
            }
        }
        nanos += System.nanoTime() - start;
    }

    /** Time spent analysing so far. */
    double seconds() {
        return nanos / 1e9;
    }

    private void flush(List<Boolean> hasFace, List<Affine> affines, List<byte[]> crops, FaceCache.Builder out,
            NDManager manager) {
        List<byte[]> faceCrops = new ArrayList<>();
        for (int i = 0; i < hasFace.size(); i++) {
            if (hasFace.get(i)) {
                faceCrops.add(crops.get(i));
            }
        }
        float[][][] posteriors = faceCrops.isEmpty() ? new float[4][0][] : encode(faceCrops, manager);
        int k = 0;
        for (int i = 0; i < hasFace.size(); i++) {
            if (!hasFace.get(i)) {
                out.append(FaceRecord.NO_FACE);
                continue;
            }
            out.append(new FaceRecord(affines.get(i), crops.get(i), posteriors[0][k], posteriors[1][k],
                    posteriors[2][k], posteriors[3][k]));
            k++;
        }
        hasFace.clear();
        affines.clear();
        crops.clear();
    }

    /** -> [masked mean, masked std, ref mean, ref std][frame][4 * h * w] */
    private float[][][] encode(List<byte[]> crops, NDManager parent) {
        vaeEncodes++;
        int n = crops.size();
        try (NDManager m = parent.newSubManager()) {
            NDArray faces = m.create(Tensors.facesToPlanar(crops, resolution), new Shape(n, 3, resolution, resolution));
            NDArray mask = m.create(Tensors.repeat(mouthMask, n), new Shape(n, 1, resolution, resolution));
            FaceLatents latents = latentSync.encodeFaces(faces, mask);
            NDArray[] parts = {latents.masked().mean(), latents.masked().std(), latents.reference().mean(),
                    latents.reference().std()};
            int per = (int) (parts[0].size() / n);
            float[][][] out = new float[4][n][];
            for (int p = 0; p < 4; p++) {
                float[] all = parts[p].toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[p][i] = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
                }
            }
            return out;
        }
    }
}
