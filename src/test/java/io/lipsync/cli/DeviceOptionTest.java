package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.lipsync.util.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --device on every command that runs a network, and how each value is chosen whatever GPUs the machine has. */
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

    @Test
    void everyCommandThatRunsANetworkTakesDevice() {
        CommandLine root = Main.commandLine();
        List<String> commands = List.of("render", "daemon", "eval", "eval sync", "data prepare", "train syncnet",
                "train unet", "bench unet", "bench chunk", "bench render", "bench train-syncnet", "bench train-unet");
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
