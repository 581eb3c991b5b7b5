package io.lipsync.parity;

import ai.djl.ndarray.NDManager;
import io.lipsync.eval.SyncOffset;

/** Runners for the evaluation kinds: SyncNet-v2's offset and confidence. */
final class EvalCases {
    private EvalCases() {}

    /** SyncNet-v2's offset search on given embeddings: distances, their means, LSE-D, offset, LSE-C. */
    static CaseOutputs syncOffset(ParityCase c, Fixtures f, NDManager m) {
        SyncOffset r = SyncOffset.of(rows(f.input(c, "video_embeddings")), rows(f.input(c, "audio_embeddings")));
        return new CaseOutputs().put("dists", AudioCases.flat(r.dists()))
                .put("mean_dists", vector(r.meanDists())).put("min_dist", Tensor.scalar((float) r.minDist()))
                .put("minidx", Tensor.scalar(r.minIdx())).put("av_offset", Tensor.scalar(r.avOffset()))
                .put("conf", Tensor.scalar((float) r.conf())).put("fdist", vector(r.fdist()))
                .put("fconf", vector(r.fconf())).put("framewise_conf", vector(r.framewiseConf()));
    }

    private static float[][] rows(Tensor t) {
        int n = (int) t.shape()[0];
        int d = (int) t.shape()[1];
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(t.data(), i * d, out[i], 0, d);
        }
        return out;
    }

    private static Tensor vector(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return Tensor.of(out, out.length);
    }
}
