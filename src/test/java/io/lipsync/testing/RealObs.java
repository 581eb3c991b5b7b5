package io.lipsync.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OBS Studio under Xvfb with software rendering, in a home folder of the test's own: obs-websocket's
 * settings and a scene collection that loads our script are written before it starts (OBS reads them only
 * then). Where OBS is not installed the test is skipped, unless LIPSYNC_CI is set (.ci/run sets it):
 * then it fails.
 */
public record RealObs(Path home, int port, Process process) implements AutoCloseable {
    public static final String REQUIRE_ENV = "LIPSYNC_CI";
    public static final String COLLECTION = "LipsyncTest";

    /** Fails (CI) or skips (elsewhere) when OBS or Xvfb is missing. */
    public static void requireInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/obs")) && Files.isExecutable(Path.of("/usr/bin/xvfb-run"));
        String why = "OBS Studio and Xvfb are not installed (apt-get install obs-studio xvfb xauth)";
        if (!present && System.getenv(REQUIRE_ENV) != null) {
            fail(why + ", and " + REQUIRE_ENV + " says this run must test against a real OBS");
        }
        assumeTrue(present, "skipped: " + why);
    }

    /** The OBS config folder inside {@code home}. */
    public static Path configDir(Path home) {
        return home.resolve(".config/obs-studio");
    }

    /**
     * Writes obs-websocket's settings and a scene collection with one empty scene that loads {@code script},
     * with the websocket password in the script's settings (what it starts the daemon with).
     */
    public static void configure(Path home, int port, String password, Path script) throws IOException {
        Path config = configDir(home);
        Files.createDirectories(config.resolve("basic/scenes"));
        Files.writeString(config.resolve("global.ini"), String.join("\n",
                "[General]", "FirstRun=true", "EnableAutoUpdates=false", "",
                "[Basic]", "SceneCollection=" + COLLECTION, "SceneCollectionFile=" + COLLECTION,
                "Profile=" + COLLECTION, "ProfileDir=" + COLLECTION, "",
                "[OBSWebSocket]", "FirstLoad=false", "ServerEnabled=true", "ServerPort=" + port, "AuthRequired=true",
                "ServerPassword=" + password, "AlertsEnabled=false", ""));
        // obs-websocket 5.5+ (OBS 30+) reads this file instead.
        Files.createDirectories(config.resolve("plugin_config/obs-websocket"));
        Files.writeString(config.resolve("plugin_config/obs-websocket/config.json"), "{\"server_enabled\":true,"
                + "\"server_port\":" + port + ",\"auth_required\":true,\"server_password\":\"" + password + "\","
                + "\"alerts_enabled\":false,\"first_load\":false}");
        Files.writeString(config.resolve("basic/scenes/" + COLLECTION + ".json"), "{\"current_scene\":\"Scene\","
                + "\"current_program_scene\":\"Scene\",\"name\":\"" + COLLECTION + "\",\"scene_order\":[{\"name\":"
                + "\"Scene\"}],\"sources\":[{\"id\":\"scene\",\"versioned_id\":\"scene\",\"name\":\"Scene\","
                + "\"settings\":{\"items\":[],\"id_counter\":0}}],\"modules\":{\"scripts-tool\":[{\"path\":\""
                + script.toAbsolutePath() + "\",\"settings\":{\"password\":\"" + password + "\"}}]}}");
    }

    /** Starts OBS and waits until its websocket accepts connections. */
    public static RealObs start(Path home, int port) throws IOException, InterruptedException {
        // The main window stays up (no --minimize-to-tray): tests drive its menus with xdotool.
        ProcessBuilder pb = new ProcessBuilder("xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "obs",
                "--disable-shutdown-check", "--disable-updater");
        pb.environment().put("HOME", home.toString());
        // The script then looks for the daemon where a daemon started with HOME=home keeps its state.
        pb.environment().remove("XDG_STATE_HOME");
        pb.environment().put("LIBGL_ALWAYS_SOFTWARE", "1");
        pb.redirectErrorStream(true).redirectOutput(home.resolve("obs-console.txt").toFile());
        RealObs obs = new RealObs(home, port, pb.start());
        long end = System.currentTimeMillis() + 60_000;
        while (!obs.listening()) {
            if (!obs.process.isAlive()) {
                fail("OBS exited at start (status " + obs.process.exitValue() + "):\n" + obs.log());
            }
            if (System.currentTimeMillis() > end) {
                obs.close();
                fail("OBS's websocket did not listen on port " + port + " within 60 s:\n" + obs.log());
            }
            Thread.sleep(200);
        }
        return obs;
    }

    /**
     * Presses keys as a user would, through xdotool on OBS's own X display (read from the OBS process's
     * environment, since xvfb-run picks the display and its cookie).
     */
    public void pressKeys(String... keys) throws IOException, InterruptedException {
        for (String key : keys) {
            xdotool("key", "--clearmodifiers", key);
            Thread.sleep(500);
        }
    }

    /** Gives the keyboard to OBS's visible window titled {@code title} (Xvfb has no window manager to do it). */
    public void focus(String title) throws IOException, InterruptedException {
        String window = xdotool("search", "--onlyvisible", "--name", "^" + title + "$").lines().findFirst()
                .orElseThrow(() -> new AssertionError("no OBS window titled " + title));
        xdotool("windowfocus", "--sync", window);
        Thread.sleep(500);
    }

    private String xdotool(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/xdotool"))) {
            String why = "xdotool is not installed (apt-get install xdotool)";
            if (System.getenv(REQUIRE_ENV) != null) {
                fail(why + ", and " + REQUIRE_ENV + " says this run must drive OBS's window");
            }
            assumeTrue(false, "skipped: " + why);
        }
        ProcessHandle obs = process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/obs"))
                .orElse(false)).findFirst().orElseThrow(() -> new AssertionError("no OBS process under xvfb-run"));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (String entry : Files.readString(Path.of("/proc", String.valueOf(obs.pid()), "environ")).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && (entry.startsWith("DISPLAY=") || entry.startsWith("XAUTHORITY="))) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("xdotool"));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process x = pb.start();
        String out = new String(x.getInputStream().readAllBytes());
        if (x.waitFor() != 0) {
            fail("xdotool " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** OBS's own log of this run (for failure messages). */
    public String log() {
        try (var logs = Files.list(configDir(home).resolve("logs"))) {
            Path newest = logs.max(java.util.Comparator.naturalOrder()).orElse(null);
            return newest == null ? "(no OBS log)" : Files.readString(newest);
        } catch (IOException e) {
            return "(no OBS log: " + e.getMessage() + ")";
        }
    }

    /** Quits OBS as a user does (File > Exit, its last item), so it saves its scenes; waits until it has ended. */
    public void quit() throws IOException, InterruptedException {
        String main = xdotool("search", "--onlyvisible", "--name", "^OBS [0-9]").lines().findFirst()
                .orElseThrow(() -> new AssertionError("no OBS main window"));
        xdotool("windowfocus", "--sync", main);
        Thread.sleep(500);
        pressKeys("alt+f", "Up", "Return");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            fail("OBS did not quit within 60 s of File > Exit:\n" + log());
        }
    }

    @Override
    public void close() throws InterruptedException {
        // xvfb-run starts OBS as a child: stop the whole tree.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
