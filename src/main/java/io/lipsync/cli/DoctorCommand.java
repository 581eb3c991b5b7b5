package io.lipsync.cli;

import io.lipsync.doctor.Check;
import io.lipsync.doctor.Doctor;
import io.lipsync.modelfiles.ModelCatalog;
import io.lipsync.obs.ObsEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lipsync doctor}: one screen of what this machine has for a render, the daemon and training. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Checks what a render, the daemon and training need on this machine, one line each:",
                "'ok' with what was found, or 'fix' with what to do. Among them: Java, libtorch and its",
                "kernel self-check (see README, Exactness), CUDA, ONNX Runtime, FFmpeg, the model files,",
                "free disk, OBS's WebSocket and the OBS script. Exits 0 when a render can run.", "",
                "Example: lipsync doctor"})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--checkpoints", defaultValue = ModelCatalog.DEFAULT_FOLDER, paramLabel = "DIR",
            description = "model folder. Default: ${DEFAULT-VALUE}")
    Path checkpoints;

    @Option(names = "--obs", defaultValue = ObsEndpoint.DEFAULT_URI, paramLabel = "URL",
            description = "OBS's WebSocket. Default: ${DEFAULT-VALUE}")
    URI obs;

    @Mixin
    ObsConfigOption obsConfig = new ObsConfigOption();

    @Override
    public Integer call() {
        Path config = obsConfig.folder();
        List<Check> checks = new Doctor(new Doctor.Places(checkpoints, config, obs.getHost(),
                obs.getPort() < 0 ? 4455 : obs.getPort()), System.getenv()).run();
        checks.forEach(c -> System.out.println(c.line()));
        boolean canRender = Doctor.renderCanRun(checks);
        System.out.println(canRender ? "A render can run on this machine." : "A render cannot run yet: see the 'fix' lines above.");
        return canRender ? 0 : 1;
    }
}
