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
        assertEquals(Device.cpu(), DeviceOption.resolve("auto", 0));
        assertEquals(Device.gpu(0), DeviceOption.resolve("auto", 2));
        assertEquals(Device.cpu(), DeviceOption.resolve("cpu", 2));
        assertEquals(Device.gpu(0), DeviceOption.resolve("cuda", 1));
    }

    @Test
    void cudaWithoutAGpuAndUnknownNamesSayWhatToDo() {
        UserError none = assertThrows(UserError.class, () -> DeviceOption.resolve("cuda", 0));
        assertTrue(none.userMessage().contains("libtorch sees no CUDA GPU") && none.userMessage().contains("--device cpu"),
                none.userMessage());
        UserError bad = assertThrows(UserError.class, () -> DeviceOption.resolve("gpu", 0));
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
