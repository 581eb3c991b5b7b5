package io.lipsync.util;

import java.nio.file.Path;
import java.util.Map;

/**
 * The per-user folders, as the XDG base-directory spec places them: configuration ($XDG_CONFIG_HOME,
 * else ~/.config), state ($XDG_STATE_HOME, else ~/.local/state) and caches ($XDG_CACHE_HOME, else ~/.cache),
 * each with an obs-lipsync folder inside. Command-line options override each one.
 */
public final class Folders {
    private static final String APP = "obs-lipsync";

    private Folders() {}

    /** daemon.json lives here. */
    public static Path config() {
        return config(System.getenv(), home());
    }

    /** The job journal, the dock token and the renders live here. */
    public static Path state() {
        return state(System.getenv(), home());
    }

    /** The face cache lives here, under faces/. */
    public static Path cache() {
        return cache(System.getenv(), home());
    }

    static Path config(Map<String, String> env, Path home) {
        return base(env, "XDG_CONFIG_HOME", home.resolve(".config"));
    }

    static Path state(Map<String, String> env, Path home) {
        return base(env, "XDG_STATE_HOME", home.resolve(".local").resolve("state"));
    }

    static Path cache(Map<String, String> env, Path home) {
        return base(env, "XDG_CACHE_HOME", home.resolve(".cache"));
    }

    /** The spec says a relative path in these variables is invalid and must be ignored. */
    private static Path base(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        Path chosen = value != null && !value.isBlank() && Path.of(value).isAbsolute() ? Path.of(value) : fallback;
        return chosen.resolve(APP);
    }

    private static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
