package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.lipsync.util.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * --device on every command that runs a network, and how each value is chosen whatever GPUs the machine has;
 * how a render's --precision follows the device.
 */
class DeviceOptionTest {
    @Test
    void autoTakesTheFirstGpuWhenLibtorchSeesOneElseTheCpu() {
        assertEquals(new DeviceOption.Choice(Device.cpu(), null), DeviceOption.resolve("auto", 0, false));
        assertEquals(new DeviceOption.Choice(Device.gpu(0), null), DeviceOption.resolve("auto", 2, true));
        assertEquals(Device.cpu(), DeviceOption.resolve("cpu", 2, true).device());
        assertEquals(Device.gpu(0), DeviceOption.resolve("cuda", 1, true).device());
    }

    @Test
    void autoSaysWhenAGpuMachineRunsOnTheCpu() {
        DeviceOption.Choice fallback = DeviceOption.resolve("auto", 0, true);
        assertEquals(Device.cpu(), fallback.device());
        assertTrue(fallback.note().contains("CPU build") && fallback.note().contains("PYTORCH_LIBRARY_PATH"),
                fallback.note());
    }

    @Test
    void cudaWithoutAGpuAndUnknownNamesSayWhatToDo() {
        UserError none = assertThrows(UserError.class, () -> DeviceOption.resolve("cuda", 0, false));
        assertTrue(none.userMessage().contains("no CUDA GPU") && none.userMessage().contains("--device cpu"),
                none.userMessage());
        UserError cpuBuild = assertThrows(UserError.class, () -> DeviceOption.resolve("cuda", 0, true));
        assertTrue(cpuBuild.userMessage().contains("CPU build"), cpuBuild.userMessage());
        UserError bad = assertThrows(UserError.class, () -> DeviceOption.resolve("gpu", 0, false));
        assertTrue(bad.userMessage().contains("auto, cpu or cuda"), bad.userMessage());
    }

    /** As upstream: float16 on a CUDA GPU of compute capability 8 or more (Ampere on), float32 elsewhere. */
    @Test
    void autoPrecisionIsUpstreamsFloat16OnAmpereAndLaterElseFloat32() {
        assertEquals(null, PrecisionOption.resolve("auto", null), "a CPU");
        assertEquals(null, PrecisionOption.resolve("auto", "75"), "Turing");
        assertEquals(DataType.FLOAT16, PrecisionOption.resolve("auto", "86"), "Ampere");
        assertEquals(DataType.FLOAT16, PrecisionOption.resolve("auto", "120"), "Blackwell");
        assertEquals(DataType.FLOAT16, PrecisionOption.resolve("auto", "8.9"), "as some drivers write it");
        assertEquals(DataType.FLOAT16, PrecisionOption.resolve("fp16", null), "asked for, on a CPU too");
        assertEquals(null, PrecisionOption.resolve("fp32", "90"));
        UserError bad = assertThrows(UserError.class, () -> PrecisionOption.resolve("bf16", "90"));
        assertTrue(bad.userMessage().contains("--precision must be auto, fp32 or fp16"), bad.userMessage());
    }

    @Test
    void everyCommandThatRunsANetworkTakesDevice() {
        CommandLine root = Main.commandLine();
        List<String> commands = List.of("render", "daemon", "eval", "eval sync", "data prepare", "train syncnet",
                "train unet", "bench unet", "bench chunk", "bench render", "bench render-full", "bench train-syncnet",
                "bench train-unet");
        for (String path : commands) {
            CommandLine c = root;
            for (String name : path.split(" ")) {
                c = c.getSubcommands().get(name);
            }
            CommandLine.Model.OptionSpec device = c.getCommandSpec().findOption("--device");
            assertTrue(device != null, path + " has --device");
            assertEquals("auto", device.defaultValue(), path);
        }
    }
}
