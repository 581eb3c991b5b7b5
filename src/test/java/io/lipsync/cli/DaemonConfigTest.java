package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lipsync.obs.ObsEndpoint;
import io.lipsync.util.UserError;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentsPasswordWinsOverTheFilesAndNeitherIsNeeded() throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, "{\"password\": \"from-file\", \"placement\": \"replace\"}");
        DaemonConfig config = DaemonConfig.read(file);
        assertEquals("from-env", config.password("from-env"));
        assertEquals("from-file", config.password(null));
        assertEquals("from-file", config.password(""));
        assertEquals("replace", config.placement());
        assertNull(DaemonConfig.read(dir.resolve("absent.json")).password(null));
    }

    @Test
    void theDockTokenIsMadeOnceAndKeptPrivate() throws Exception {
        DaemonConfig config = DaemonConfig.read(dir.resolve("absent.json"));
        String token = config.token(dir.resolve("state"));
        assertEquals(32, token.length());
        assertEquals(token, config.token(dir.resolve("state")), "the same token on the next start");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("state/token"))));
        Files.writeString(dir.resolve("with-token.json"), "{\"token\": \"chosen-by-the-user-1\"}");
        assertEquals("chosen-by-the-user-1", DaemonConfig.read(dir.resolve("with-token.json")).token(dir.resolve("state")));
    }

    @Test
    void anEmptyOrShortKeptTokenIsReplacedAndAShortConfiguredOneRefused() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        DaemonConfig config = DaemonConfig.read(dir.resolve("absent.json"));
        for (String weak : new String[] {"", "  \n", "abc"}) {
            Files.writeString(state.resolve("token"), weak);
            String token = config.token(state);
            assertEquals(32, token.length(), "a new token replaces '" + weak + "'");
            assertEquals(token, Files.readString(state.resolve("token")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("token"))));
        }
        for (String weak : new String[] {"", "   ", "chosen"}) {
            Files.writeString(dir.resolve("weak.json"), "{\"token\": \"" + weak + "\"}");
            UserError e = assertThrows(UserError.class, () -> DaemonConfig.read(dir.resolve("weak.json")).token(state));
            assertTrue(e.getMessage().contains("shorter than 16"), e.getMessage());
        }
    }

    @Test
    void aBrokenConfigFileIsNamedInOneSentence() throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, "password = oops");
        UserError e = assertThrows(UserError.class, () -> DaemonConfig.read(file));
        assertTrue(e.getMessage().startsWith("the daemon config " + file + " is not a JSON object"), e.getMessage());
    }

    @Test
    void theEndpointNeverShowsItsPassword() {
        ObsEndpoint endpoint = new ObsEndpoint(URI.create("ws://127.0.0.1:4455"), "s3cret");
        assertEquals("ws://127.0.0.1:4455", endpoint.toString());
        assertThrows(UserError.class, () -> new ObsEndpoint(URI.create("http://127.0.0.1"), null));
    }
}
