package io.lipsync.cli;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The version, from manifest.json (its one home; the build packs it and the pom must agree, as a test checks). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"obs-lipsync " + number()};
    }

    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("/manifest.json")) {
            if (in == null) {
                return "(unknown: manifest.json is not on the class path)";
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .get("version").getAsString();
        } catch (IOException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
