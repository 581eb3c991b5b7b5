package io.lipsync.cli;

import io.lipsync.util.UserError;
import io.lipsync.obs.dock.DockServer;
import io.lipsync.util.AtomicFiles;
import io.lipsync.util.Folders;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The daemon's config file (JSON; every key optional): {@code password} for obs-websocket, {@code token} for
 * the dock, {@code placement} ("add" or "replace"). Secrets live here or in the environment, never on the
 * command line, where shell history and process lists would show them.
 */
record DaemonConfig(String password, String token, String placement) {
    static final String PASSWORD_ENV = "OBS_WEBSOCKET_PASSWORD";

    static Path defaultFile() {
        return Folders.config().resolve("daemon.json");
    }

    static DaemonConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new DaemonConfig(null, null, null);
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            return new DaemonConfig(text(o.get("password")), text(o.get("token")), text(o.get("placement")));
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new UserError("the daemon config " + file + " is not a JSON object (" + e.getMessage()
                    + "); fix it or remove it");
        }
    }

    /** The password: the one given (standard input or the environment) first, then the file's; null when OBS asks for none. */
    String password(String fromEnvironment) {
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : password;
    }

    /**
     * The dock token: the config file's, else the one kept in the state folder, made on first start. A kept
     * token too short to be safe (an empty file left by a crash) is replaced; a short one in the config is
     * refused.
     */
    String token(Path stateDir) {
        if (token != null) {
            if (token.strip().length() < DockServer.MIN_TOKEN_LENGTH) {
                throw new UserError("the 'token' in the config file is shorter than " + DockServer.MIN_TOKEN_LENGTH
                        + " characters", "remove it (the daemon then makes one) or give a longer one");
            }
            return token.strip();
        }
        Path file = stateDir.resolve("token");
        try {
            if (Files.isRegularFile(file)) {
                String kept = Files.readString(file).strip();
                if (kept.length() >= DockServer.MIN_TOKEN_LENGTH) {
                    return kept;
                }
            }
            Files.createDirectories(stateDir);
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String made = HexFormat.of().formatHex(random);
            AtomicFiles.writePrivate(file, made);
            return made;
        } catch (IOException e) {
            throw new UserError("cannot keep the dock token in " + file + ": " + e.getMessage());
        }
    }

    private static String text(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
