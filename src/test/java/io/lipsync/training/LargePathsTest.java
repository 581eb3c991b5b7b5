package io.lipsync.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.StateDict;
import io.lipsync.model.syncnet.StableSyncNet;
import io.lipsync.model.syncnet.SyncNetConfig;
import io.lipsync.testing.GcStorm;
import io.lipsync.testing.SharedFixtures;
import io.lipsync.testing.StepAssertions;
import io.lipsync.testing.SyntheticClips;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training paths that only real sizes take, forced on small data: upstream's batch of 256 runs here as
 * accumulated micro-batches, and a data set larger than the frame cache evicts decoded clips.
 */
class LargePathsTest {
    @TempDir
    Path dir;

    private Path fixtures;
    private SyncNetConfig config;
    /** Every weight of the tiny SyncNet, whose raw gradients the steps keep. */
    private List<String> probes;

    @BeforeEach
    void tinySyncNet() {
        fixtures = SharedFixtures.parityTrain();
        config = SyncNetConfig.load(fixtures.resolve("syncnet_tiny.yaml"));
        probes = new StableSyncNet(config).params().weights().keySet().stream().toList();
    }

    @Test
    void accumulatedMicroBatchesGiveTheGradientsOfTheWholeBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = frames(m, 3);
            NDArray a = mel(m, 3);
            NDArray y = m.create(new float[] {1, 0, 1, 0});
            SyncNetStep.Result whole = step(m, false, Precision.FP32).run(f, a, y);
            SyncNetStep.Result parts = step(m, false, Precision.FP32).run(halves(f, a, y));
            // The first convolution's weight: gradients that norms make zero in theory (the biases before a
            // GroupNorm) are float32 noise, which another summation order changes entirely.
            StepAssertions.assertSameStepUpToOrder(whole.loss(), whole.update(), parts.loss(), parts.update(),
                    List.of("visual_encoder.conv_in.weight"));
        }
    }

    /** Windows 0-1 and 2-3 as two micro-batches. */
    private static List<SyncNetBatches.Batch> halves(NDArray frames, NDArray mel, NDArray labels) {
        return List.of(new SyncNetBatches.Batch(frames.get("0:2"), mel.get("0:2"), labels.get("0:2")),
                new SyncNetBatches.Batch(frames.get("2:4"), mel.get("2:4"), labels.get("2:4")));
    }

    /** Four random 16-frame windows of 32 px frames in [-1, 1]. */
    private static NDArray frames(NDManager m, long seed) {
        Random random = new Random(seed);
        float[] v = new float[4 * 16 * 3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return m.create(v, new Shape(4, 16, 3, 32, 32));
    }

    /** Four random mel windows. */
    private static NDArray mel(NDManager m, long seed) {
        Random random = new Random(seed + 1000);
        float[] v = new float[4 * 80 * 52];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return m.create(v, new Shape(4, 1, 80, 52));
    }

    /** Four windows of random frames and mel, labelled 1, 0, 0, 1. */
    private static SyncNetBatches.Batch batch(NDManager m, long seed) {
        return new SyncNetBatches.Batch(frames(m, seed), mel(m, seed), m.create(new float[] {1, 0, 0, 1}));
    }

    /** A step on the tiny SyncNet fixture that keeps every weight's raw gradient. */
    private SyncNetStep step(NDManager m, boolean checkpointing, Precision precision) {
        StableSyncNet net = new StableSyncNet(config);
        net.load(StateDict.load(fixtures.resolve("syncnet_tiny.pt")), m);
        net.params().makeTrainable();
        AdamW optimizer = new AdamW(AdamW.Config.upstream(1e-4),
                Trainable.select(net.params(), false, List.of()).stream().map(p -> p.value()).toList());
        SyncNetStep step = new SyncNetStep(net, optimizer, 1.0, checkpointing, precision);
        step.update().keepGradients(probes);
        return step;
    }

    @Test
    void gradientCheckpointingGivesTheSameStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<SyncNetBatches.Batch> halves = halves(frames(m, 4), mel(m, 4), m.create(new float[] {1, 0, 0, 1}));
            SyncNetStep.Result plain = step(m, false, Precision.FP32).run(halves);
            SyncNetStep.Result recomputed = step(m, true, Precision.FP32).run(halves);
            // Every parameter's gradient, the first convolutions' (the far end of the recomputed chain) included.
            StepAssertions.assertSameStepUpToOrder(plain.loss(), plain.update(), recomputed.loss(), recomputed.update(),
                    probes);
        }
    }

    /**
     * fp16 autocast with loss scaling (checkpointed too) approximates the float32 step: the loss to 2 %, and
     * each parameter's gradient points the same way (cosine > 0.99).
     */
    @ParameterizedTest
    @CsvSource({"FP16, false", "FP16, true"})
    void mixedPrecisionApproximatesTheFloat32Step(Precision precision, boolean checkpointing) {
        try (NDManager m = NDManager.newBaseManager()) {
            List<SyncNetBatches.Batch> batch = List.of(batch(m, 4));
            SyncNetStep.Result exact = step(m, false, Precision.FP32).run(batch);
            SyncNetStep.Result mixed = step(m, checkpointing, precision).run(batch);
            StepAssertions.assertApproximates(exact.loss(), exact.update(), mixed.loss(), mixed.update(), probes, 1e-6);
        }
    }

    /**
     * The step reads no memory the garbage collector may free: run while the collector runs nonstop and freed
     * buffers fill with NaN, plain and checkpointed, it equals the calm step bit for bit (before the fix,
     * every gradient came out NaN).
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void theStepDoesNotDependOnTheGarbageCollector(boolean checkpointing) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            List<SyncNetBatches.Batch> batch = List.of(batch(m, 5));
            SyncNetStep.Result calm = step(m, checkpointing, Precision.FP32).run(batch);
            SyncNetStep.Result stormy;
            try (GcStorm storm = new GcStorm()) {
                stormy = step(m, checkpointing, Precision.FP32).run(batch);
            }
            StepAssertions.assertSameStep(calm.loss(), calm.update(), stormy.loss(), stormy.update(), probes);
        }
    }

    @Test
    void aFrameCacheSmallerThanTheDataSetGivesTheSameFrames() throws Exception {
        Path data = dir.resolve("data");
        SyntheticClips.write(data, 3, 40, 64, 5);
        PreparedClips roomy = PreparedClips.open(data, 32, dir.resolve("mel"), p -> {});
        // Room for one clip's frames only: every other clip evicts it.
        PreparedClips tight = PreparedClips.open(data, 32, dir.resolve("mel"), p -> {}, 40L * 3 * 32 * 32);
        for (int round = 0; round < 2; round++) {
            for (int clip = 0; clip < 3; clip++) {
                byte[][] want = roomy.frames(clip, 10, 16);
                byte[][] got = tight.frames(clip, 10, 16);
                for (int f = 0; f < 16; f++) {
                    assertArrayEquals(want[f], got[f], "clip " + clip + " frame " + f);
                }
            }
        }
        BoundedCache<String, byte[]> cache = new BoundedCache<>(10, b -> b.length);
        cache.get("a", k -> new byte[6]);
        cache.get("b", k -> new byte[6]);
        assertEquals(1, cache.size(), "over budget, the least recently used is dropped");
        cache.get("c", k -> new byte[20]);
        assertEquals(1, cache.size(), "a value larger than the budget still stays while it is the newest");
        assertTrue(cache.get("c", k -> null).length == 20, "kept, not recomputed");
    }
}
