package io.lipsync.obs;

import io.lipsync.util.AtomicFiles;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs the OBS side, as manifest.json lists it, into an OBS config folder: the script is copied, the
 * native Tools-menu plugin is built with the system's compiler against OBS's headers (libobs-dev) where both
 * exist; or removes them again. Returns what it did, line by line, and the manual step left.
 */
public record PluginInstaller(Path obsConfig, Path launcher) {
    /** What an install did: one line per file, and what the user still has to do in OBS. */
    public record Report(List<String> done, List<String> manualSteps) {}

    /** The script's line naming the launcher it starts the daemon with; install fills it in. */
    static final String LAUNCHER_LINE = "local LAUNCHER = \"\"";

    /** {@code launcher}: the {@code lipsync} launcher the script starts the daemon with (null: the user sets it in OBS). */

    /** The {@code lipsync} launcher beside the running jar's {@code target} folder, if there is one. */
    public static Path launcherOfThisBuild() {
        try {
            Path code = Path.of(PluginInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = code.getParent() == null || code.getParent().getParent() == null ? null
                    : code.getParent().getParent().resolve("lipsync");
            return candidate != null && Files.isExecutable(candidate) ? candidate.toAbsolutePath() : null;
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }

    public Report install() {
        JsonObject manifest = manifest();
        List<String> done = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (JsonElement e : manifest.getAsJsonArray("files")) {
            JsonObject file = e.getAsJsonObject();
            Path target = file.has("install") ? obsConfig.resolve(file.get("install").getAsString()) : null;
            switch (file.get("kind").getAsString()) {
                case "script" -> {
                    write(target, withLauncher(resource(file.get("source").getAsString())));
                    done.add("script: " + target + (launcher != null ? " (starts the daemon with " + launcher + ")"
                            : " (no lipsync launcher found: set it in the script's settings to have OBS start the daemon)"));
                    steps.add("In OBS, open Tools > Scripts, press +, and pick " + target
                            + " (once; OBS remembers it).");
                }
                case "native" -> done.add(buildNative(file, target));
                case "dock" -> {
                    // served by the daemon, not copied: OBS adds it by URL
                }
                default -> throw new IllegalStateException("manifest.json lists an unknown kind of file: " + file);
            }
        }
        return new Report(done, steps);
    }

    /** Removes what {@link #install} put in place (the script and the native plugin), saying for each what it did. */
    public Report uninstall() {
        List<String> done = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (JsonElement e : manifest().getAsJsonArray("files")) {
            JsonObject file = e.getAsJsonObject();
            if (!file.has("install")) {
                continue;
            }
            Path target = obsConfig.resolve(file.get("install").getAsString());
            String what = file.get("kind").getAsString().equals("script") ? "script" : "Tools-menu plugin";
            boolean removed;
            try {
                removed = Files.deleteIfExists(target);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot remove " + target, ex);
            }
            done.add(what + ": " + (removed ? "removed " : "was not installed at ") + target);
            if (removed && what.equals("script")) {
                steps.add("In OBS, open Tools > Scripts, select obs-lipsync.lua and press - (OBS still lists it).");
            }
        }
        return new Report(done, steps);
    }

    /** The script with the launcher's path filled in (a Lua string; the path is quoted as Lua quotes). */
    String withLauncher(String script) {
        if (launcher == null) {
            return script;
        }
        if (!script.contains(LAUNCHER_LINE)) {
            throw new IllegalStateException("the script has no line '" + LAUNCHER_LINE + "' to name the launcher in");
        }
        String quoted = launcher.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return script.replace(LAUNCHER_LINE, "local LAUNCHER = \"" + quoted + "\"");
    }

    private static JsonObject manifest() {
        return JsonParser.parseString(resource("manifest.json")).getAsJsonObject();
    }

    private String buildNative(JsonObject file, Path target) {
        String missing = missingBuildTools();
        if (missing != null) {
            return "Tools-menu plugin: not built (" + missing + "); the script's hotkeys and button remain the way in";
        }
        try {
            Path work = Files.createTempDirectory("obs-lipsync-native");
            Path source = work.resolve(Path.of(file.get("source").getAsString()).getFileName());
            Path makefile = work.resolve("Makefile");
            write(source, resource(file.get("source").getAsString()));
            write(makefile, resource(file.get("build").getAsString()));
            Path out = work.resolve("build");
            Process make = new ProcessBuilder("make", "-s", "-C", work.toString(), "OUT=" + out)
                    .redirectErrorStream(true).start();
            String log = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!make.waitFor(5, TimeUnit.MINUTES) || make.exitValue() != 0) {
                return "Tools-menu plugin: the build failed; the script remains the way in. Compiler output:\n" + log;
            }
            Files.createDirectories(target.getParent());
            Files.copy(out.resolve(target.getFileName()), target, StandardCopyOption.REPLACE_EXISTING);
            return "Tools-menu plugin: " + target + " (restart OBS to load it)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Tools-menu plugin: build interrupted";
        }
    }

    /** Why the native plugin cannot be built here, or null when it can. */
    static String missingBuildTools() {
        if (!onPath("cc") || !onPath("make")) {
            return "no C compiler or make: install build-essential";
        }
        if (!onPath("pkg-config") || run("pkg-config", "--exists", "libobs") != 0) {
            return "no OBS headers: install libobs-dev";
        }
        return null;
    }

    private static boolean onPath(String tool) {
        return run("sh", "-c", "command -v " + tool) == 0;
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String resource(String path) {
        try (InputStream in = PluginInstaller.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar; rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path target, String text) {
        try {
            AtomicFiles.write(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
