package io.lipsync.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.lipsync.util.Folders;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg program that ships inside JavaCV's FFmpeg artifact (the same libraries the decoders use), for
 * the few places where reproducing upstream means running upstream's exact command line. Its H.264 encoder
 * is OpenH264 (the LGPL build has no libx264).
 */
public final class FfmpegCli {
    /** What a machine without desktop libraries lacks for the program (its capture-device library needs it). */
    public static final String INSTALL_HINT = "install PulseAudio's client library (Debian/Ubuntu: apt-get install libpulse0)";

    private FfmpegCli() {}

    /**
     * Why the program cannot start here, or null when it can. It links FFmpeg's capture-device library
     * (avdevice), which needs the system's PulseAudio client library; reading and writing media in-process
     * does not load it.
     */
    public static String missingLibraries() {
        try {
            Loader.load(org.bytedeco.ffmpeg.global.avdevice.class);
            return null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "FFmpeg's avdevice library does not load (" + cause.getMessage() + ")";
        }
    }

    /** Runs {@code ffmpeg -nostdin -loglevel error -y ARGS}; fails with ffmpeg's own message. */
    public static void run(List<String> args) {
        String executable = executable();
        List<String> command = new ArrayList<>(List.of(executable, "-nostdin", "-loglevel", "error", "-y"));
        command.addAll(args);
        try {
            Path log = Files.createTempFile("ffmpeg", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("LD_LIBRARY_PATH", libraryPath(Path.of(executable).getParent()));
                Process p = builder.start();
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new MediaException("ffmpeg did not finish in 30 minutes: " + String.join(" ", args));
                }
                if (p.exitValue() != 0) {
                    throw new MediaException("ffmpeg failed (" + p.exitValue() + "): " + Files.readString(log).strip());
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new MediaException("cannot run the bundled ffmpeg: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException("interrupted while ffmpeg ran", e);
        }
    }

    /**
     * The program asks for libva by its versioned names, which the bundled copies lack (JavaCPP loads them
     * by hand for the libraries): links with those names, in a folder of our own, lead to the bundled files.
     */
    private static String libraryPath(Path bundled) throws IOException {
        Path links = Folders.cache().resolve("ffmpeg-libs");
        Files.createDirectories(links);
        for (String name : List.of("libva.so", "libva-drm.so")) {
            Path link = links.resolve(name + ".2");
            Path target = bundled.resolve(name);
            if (Files.exists(target) && !(Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target))) {
                Path temp = links.resolve(name + ".2." + ProcessHandle.current().pid());
                Files.deleteIfExists(temp);
                Files.createSymbolicLink(temp, target);
                Files.move(temp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        String inherited = System.getenv("LD_LIBRARY_PATH");
        return links + ":" + bundled + (inherited == null || inherited.isEmpty() ? "" : ":" + inherited);
    }

    private static String executable() {
        String missing = missingLibraries();
        if (missing != null) {
            throw new MediaException("the bundled ffmpeg program cannot start: " + missing + "; " + INSTALL_HINT);
        }
        try {
            return Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new MediaException("the bundled ffmpeg program is missing: " + e.getMessage(), e);
        }
    }
}
