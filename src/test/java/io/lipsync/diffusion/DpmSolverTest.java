package io.lipsync.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.lipsync.checkpoint.SafetensorsReader;
import io.lipsync.checkpoint.TensorData;
import io.lipsync.testing.SharedFixtures;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DPM-Solver++ against diffusers' own trajectories, one step at a time: each step starts from the golden
 * sample before it (and the solver's memory of the step before that), so float32 rounding cannot pile up
 * over the trajectory and every step must agree within the case's own tolerance.
 */
class DpmSolverTest {
    private static final double ATOL = 2e-5;
    private static final double RTOL = 1e-5;

    @Test
    void everyStepAgreesWithDiffusers() throws Exception {
        Map<String, TensorData> data = SafetensorsReader.read(SharedFixtures.parity().resolve("dpm_solver.safetensors"));
        try (NDManager m = NDManager.newBaseManager()) {
            for (int steps : new int[] {8, 10, 20}) {
                NDArray outputs = array(m, data.get("model_outputs_" + steps));
                NDArray golden = array(m, data.get("samples_" + steps));
                try (Sampler sampler = SamplerKind.DPM_SOLVER.start(SchedulerConfig.latentSync(), steps)) {
                    NDArray x = array(m, data.get("sample"));
                    for (int i = 0; i < steps; i++) {
                        NDArray next = sampler.step(outputs.get(i), i, x);
                        NDArray want = golden.get(i);
                        double worst = next.sub(want).abs().sub(want.abs().mul(RTOL)).max().getFloat();
                        assertTrue(worst <= ATOL, steps + " steps, step " + i + ": off by " + worst + " past rtol");
                        x = want;
                    }
                }
            }
        }
    }

    @Test
    void timestepsSpreadEvenlyAndRoundHalfToEven() {
        assertArrayEquals(new int[] {999, 899, 799, 699, 599, 500, 400, 300, 200, 100},
                SamplerKind.DPM_SOLVER.start(SchedulerConfig.latentSync(), 10).timesteps());
        // 999 / 8 * k: 874.125, 749.25, 624.375, 499.5 (to even: 500), 374.625, 249.75, 124.875.
        assertArrayEquals(new int[] {999, 874, 749, 624, 500, 375, 250, 125},
                DpmSolver.linspaceTimesteps(1000, 8));
    }

    private static NDArray array(NDManager m, TensorData t) {
        FloatBuffer fb = t.bytes().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return m.create(v, new Shape(t.shape()));
    }
}
