package io.lipsync.doctor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** doctor's CUDA line for each machine it may meet, whatever this one has. */
class CudaCheckTest {
    @Test
    void saysWhyTheGpuIsNotUsedAndWhatToDo() {
        Check gpu = Doctor.cuda(1, true);
        assertTrue(gpu.ok() && gpu.found().contains("1 CUDA GPU"), gpu.line());
        Check cpuBuild = Doctor.cuda(0, true);
        assertFalse(cpuBuild.ok(), cpuBuild.line());
        assertFalse(cpuBuild.forRender(), "a CPU render still runs");
        assertTrue(cpuBuild.line().contains("CPU build") && cpuBuild.line().contains("PYTORCH_LIBRARY_PATH"),
                cpuBuild.line());
        Check none = Doctor.cuda(0, false);
        assertTrue(none.ok() && none.found().contains("no CUDA GPU"), none.line());
    }
}
