package io.lipsync.testing;

import ai.djl.ndarray.NDManager;
import io.lipsync.checkpoint.TorchCheckpointWriter;
import io.lipsync.model.hyperiqa.HyperIqa;
import io.lipsync.model.hyperiqa.HyperIqaConfig;
import io.lipsync.model.inception.FidInception;
import io.lipsync.model.nn.Params;
import io.lipsync.model.nn.RandomWeights;
import io.lipsync.model.nn.WeightLoader;
import io.lipsync.model.s3fd.S3fdNet;
import io.lipsync.model.syncnetv2.SyncNetV2;
import io.lipsync.model.syncnetv2.SyncNetV2Config;
import io.lipsync.modelfiles.ModelCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Evaluation's weight files in their official layout, with random weights, under a checkpoints folder. */
public final class EvalModels {
    private EvalModels() {}

    public static void syncnetV2(Path checkpoints) throws IOException {
        write(checkpoints.resolve(ModelCatalog.SYNCNET_V2), new SyncNetV2(SyncNetV2Config.official()).params(), 11);
    }

    public static void s3fd(Path checkpoints) throws IOException {
        write(checkpoints.resolve(ModelCatalog.S3FD), new S3fdNet().params(), 12);
    }

    public static void hyperIqa(Path checkpoints) throws IOException {
        write(checkpoints.resolve(ModelCatalog.HYPER_IQA), new HyperIqa(HyperIqaConfig.koniq()).params(), 14);
    }

    /** Data prepare's judges for steps 6-7: SyncNet-v2 and HyperIQA. */
    public static void dataJudges(Path checkpoints) throws IOException {
        syncnetV2(checkpoints);
        hyperIqa(checkpoints);
    }

    public static void fidInception(Path checkpoints) throws IOException {
        FidInception net = new FidInception();
        try (NDManager m = NDManager.newBaseManager()) {
            RandomWeights.fill(net.params(), m, 15);
            java.util.Map<String, Object> dict = WeightLoader.stateDict(net.params());
            // The file also holds the 1008-class classifier the features never use.
            dict.put("fc.weight", new TorchCheckpointWriter.Tensor(io.lipsync.checkpoint.DType.F32,
                    new long[] {1008, 2048}, () -> zeros(1008 * 2048)));
            dict.put("fc.bias", new TorchCheckpointWriter.Tensor(io.lipsync.checkpoint.DType.F32, new long[] {1008},
                    () -> zeros(1008)));
            TorchCheckpointWriter.write(checkpoints.resolve(ModelCatalog.FID_INCEPTION), "archive", dict);
        }
    }

    private static java.nio.ByteBuffer zeros(int floats) {
        return java.nio.ByteBuffer.allocate(floats * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public static void i3d(Path checkpoints) throws IOException {
        Files.createDirectories(checkpoints.resolve(ModelCatalog.I3D).getParent());
        TorchScriptStandIn.writeI3d(checkpoints.resolve(ModelCatalog.I3D), 400, 13);
    }

    private static void write(Path file, Params params, long seed) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            RandomWeights.fill(params, m, seed);
            TorchCheckpointWriter.write(file, "archive", WeightLoader.stateDict(params));
        }
    }
}
