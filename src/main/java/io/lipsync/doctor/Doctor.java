package io.lipsync.doctor;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import io.lipsync.kernels.KernelSetting;
import io.lipsync.kernels.KernelStartup;
import io.lipsync.kernels.CpuSignature;
import io.lipsync.kernels.KernelVerdict;
import io.lipsync.modelfiles.ModelSet;
import io.lipsync.util.Folders;
import io.lipsync.util.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a render, the daemon and training need from this machine, one check each. Nothing here changes
 * anything: each check says what it found and, when that is not right, the one thing to do.
 */
public final class Doctor {
    /** Room the face cache and a render's temporary frames want (a 10 s clip at 512 px, with margin). */
    static final long DISK_NEEDED = 2L << 30;

    /** Where the checks look: the checkpoints folder, OBS's config folder and its WebSocket. */
    public record Places(Path checkpoints, Path obsConfig, String obsHost, int obsPort) {}

    private final Places places;
    private final Map<String, String> env;

    public Doctor(Places places, Map<String, String> env) {
        this.places = places;
        this.env = env;
    }

    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        checks.add(libtorch());
        checks.add(kernels());
        checks.add(cuda());
        checks.add(onnxRuntime());
        checks.add(ffmpeg());
        checks.add(ffmpegProgram());
        checks.add(models());
        checks.add(disk());
        checks.add(obs());
        checks.add(obsScript());
        return checks;
    }

    /** A render can run when every check it needs passes. */
    public static boolean renderCanRun(List<Check> checks) {
        return checks.stream().noneMatch(c -> c.forRender() && !c.ok());
    }

    static Check java() {
        int feature = Runtime.version().feature();
        return feature >= 17 ? Check.ok("java", "Java " + Runtime.version())
                : Check.fix("java", "Java " + Runtime.version(), "install Java 17 or newer", true);
    }

    static Check libtorch() {
        try {
            Engine engine = Engine.getEngine("PyTorch");
            return Check.ok("libtorch", "libtorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion()
                    + "), " + Threads.count() + " threads");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Check.fix("libtorch", "does not load: " + e.getMessage(),
                    "rebuild with mvn -B -q package -DskipTests; libtorch's CPU natives come from Maven Central", true);
        }
    }

    Check kernels() {
        String applied = env.get("LIPSYNC_KERNELS_APPLIED");
        String forced = env.getOrDefault(KernelSetting.VARIABLE, "auto");
        var verdict = KernelStartup.store().find(CpuSignature.ofThisMachine().hash(), KernelStartup.libtorchVersion(),
                Threads.count());
        String running = applied != null ? applied : "default";
        if (!forced.equalsIgnoreCase("auto")) {
            return Check.ok("kernels", running + " (forced by " + KernelSetting.VARIABLE + "=" + forced + "; not checked)");
        }
        if (verdict.isEmpty()) {
            return Check.fix("kernels", "not checked for " + Threads.count() + " threads", "run lipsync doctor again", true);
        }
        KernelVerdict v = verdict.get();
        String variables = KernelSetting.shown(env);
        String how = running + (variables.isEmpty() ? "" : " (" + variables + ")")
                + ", checked " + v.checkedAt() + " in " + v.checkMillis() + " ms on " + v.cpu();
        if (v.failures().contains("no setting passed")) {
            return Check.fix("kernels", "wrong results under every setting: " + v.failures().get(0),
                    "report this CPU; renders on it are not to be trusted", true);
        }
        return Check.ok("kernels", v.failures().isEmpty() ? how
                : how + "; the faster settings compute wrong here (" + v.failures().get(0) + ")");
    }

    static Check cuda() {
        try {
            return cuda(Engine.getEngine("PyTorch").getGpuCount(), CudaUtils.hasCuda());
        } catch (RuntimeException e) {
            return Check.ok("cuda", "not usable (" + e.getMessage() + "); renders run on the CPU");
        }
    }

    /** {@code gpus}: what libtorch sees; {@code machineGpus}: whether the CUDA driver reports any. */
    static Check cuda(int gpus, boolean machineGpus) {
        if (gpus > 0) {
            return Check.ok("cuda", gpus + " CUDA GPU(s) visible: --device auto (the default) uses the first");
        }
        if (machineGpus) {
            return Check.fix("cuda", "the CUDA driver reports a GPU but the loaded libtorch is a CPU build, so renders "
                    + "run on the CPU", "for the GPU, point PYTORCH_LIBRARY_PATH at libtorch 2.7.1+cu128's lib folder "
                    + "(README, GPU)", false);
        }
        return Check.ok("cuda", "no CUDA GPU on this machine (or no CUDA driver); renders run on the CPU");
    }

    static Check onnxRuntime() {
        try {
            io.lipsync.face.OnnxNatives.prepare();
            OrtEnvironment.getEnvironment();
            return Check.ok("onnx", "ONNX Runtime loads (face detection)");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return Check.fix("onnx", "ONNX Runtime does not load: " + e.getMessage(),
                    "rebuild with mvn -B -q package -DskipTests", true);
        }
    }

    static Check ffmpeg() {
        try {
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avformat.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.avcodec.class);
            org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.global.swscale.class);
            return Check.ok("ffmpeg", "FFmpeg's libraries load (reading and writing media)");
        } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Check.fix("ffmpeg", "FFmpeg's libraries do not load: " + e.getMessage(),
                    "rebuild with mvn -B -q package -DskipTests", true);
        }
    }

    static Check ffmpegProgram() {
        String missing = io.lipsync.media.FfmpegCli.missingLibraries();
        return missing == null ? Check.ok("ffmpeg-cli", "the bundled ffmpeg program runs (data prepare --upstream-compatible)")
                : Check.fix("ffmpeg-cli", "the bundled ffmpeg program cannot start: " + missing,
                        io.lipsync.media.FfmpegCli.INSTALL_HINT + " (only data prepare --upstream-compatible needs it)", false);
    }

    Check models() {
        try {
            ModelSet set = ModelSet.resolve(places.checkpoints(), ModelSet.Overrides.NONE);
            List<String> missing = new ArrayList<>();
            for (Path p : List.of(set.unet(), set.whisper(), set.vae(), set.faceDetector())) {
                if (!Files.exists(p)) {
                    missing.add(p.toString());
                }
            }
            return missing.isEmpty() ? Check.ok("models", "the " + set.configName() + " model files are in "
                    + places.checkpoints() + " (lipsync models check verifies their bytes)")
                    : Check.fix("models", "missing " + String.join(", ", missing),
                            "run lipsync models download (or --checkpoints DIR where they are)", true);
        } catch (RuntimeException e) {
            return Check.fix("models", e.getMessage(), "run lipsync models download", true);
        }
    }

    static Check disk() {
        Path cache = Folders.cache();
        try {
            Path existing = cache;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long free = Files.getFileStore(existing == null ? Path.of(".") : existing).getUsableSpace();
            String found = (free >> 20) + " MB free for " + cache;
            return free >= DISK_NEEDED ? Check.ok("disk", found)
                    : Check.fix("disk", found, "free at least " + (DISK_NEEDED >> 30) + " GB there", true);
        } catch (IOException e) {
            return Check.fix("disk", "cannot read free space of " + cache + ": " + e.getMessage(),
                    "check that the folder is writable", true);
        }
    }

    Check obs() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(places.obsHost(), places.obsPort()), 1000);
            return Check.ok("obs", "OBS's WebSocket answers at " + places.obsHost() + ":" + places.obsPort());
        } catch (IOException e) {
            return Check.fix("obs", "nothing answers at " + places.obsHost() + ":" + places.obsPort(),
                    "start OBS and enable Tools > WebSocket Server Settings (only the daemon needs it)", false);
        }
    }

    Check obsScript() {
        Path script = places.obsConfig().resolve("scripts").resolve("obs-lipsync.lua");
        return Files.isRegularFile(script) ? Check.ok("obs-script", "installed at " + script)
                : Check.fix("obs-script", "not installed in " + places.obsConfig(),
                        "run lipsync plugin install (only OBS use needs it)", false);
    }
}
