package io.lipsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every command owes a newcomer: help that works, one line for a mistake, one version. */
class CommandLineBasicsTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine(args);
            cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void everyCommandsHelpExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 20, "all commands and subcommands: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage:"), String.join(" ", args));
        }
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            out.add(p);
            collect(sub, p, out);
        });
    }

    @Test
    void aMistakeGetsOneLineAndWhereHelpIs() {
        Run r = run("render", "--bogus");
        assertEquals(2, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(1).equals("try 'lipsync render --help'"), r.err());

        Run bare = run();
        assertEquals(2, bare.code(), "lipsync alone is a usage error");
        assertTrue(bare.err().contains("Usage:"));
    }

    @Test
    void aBadOptionValueNamesTheOption() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Run r = run("train", "syncnet", "--data", dir.resolve("data").toString(), "--out", dir.resolve("out").toString(),
                "--max-steps", "-5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("error: --max-steps must be at least 1, not -5"), r.err());
    }

    @Test
    void renderRefusesAnOutputItCannotWriteBeforeAnyWork() throws Exception {
        Path v = Files.writeString(dir.resolve("v.mp4"), "not read");
        Path a = Files.writeString(dir.resolve("a.wav"), "not read");
        Run avi = run("render", "--video", v.toString(), "--audio", a.toString(), "--out", dir.resolve("x.avi").toString());
        assertEquals(2, avi.code());
        assertTrue(avi.err().contains("must end in .mp4"), avi.err());
        Path folder = Files.createDirectories(dir.resolve("folder.mp4"));
        Run f = run("render", "--video", v.toString(), "--audio", a.toString(), "--out", folder.toString());
        assertEquals(2, f.code());
        assertTrue(f.err().contains("is a folder"), f.err());
    }

    @Test
    void oneVersionEverywhere() throws Exception {
        Matcher pom = Pattern.compile("<artifactId>obs-lipsync</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(pom.find());
        Matcher manifest = Pattern.compile("\"version\":\\s*\"([^\"]+)\"").matcher(Files.readString(Path.of("manifest.json")));
        assertTrue(manifest.find());
        assertEquals(pom.group(1), manifest.group(1), "pom.xml and manifest.json");
        String expected = "obs-lipsync " + manifest.group(1);
        assertEquals(expected, run("--version").out().strip());
        assertEquals(expected, run("render", "-V").out().strip());
        assertEquals(expected, run("models", "--version").out().strip());
    }

    @Test
    void theRootListsEachCommandWithAWholeSentence() {
        String help = run("--help").out();
        for (String line : help.lines().filter(l -> l.matches("  [a-z]+ +\\S.*")).toList()) {
            assertTrue(line.strip().endsWith(".") || line.strip().endsWith(")"), "cut mid-sentence: " + line);
        }
        assertTrue(help.contains("\n  doctor "), "doctor is listed:\n" + help);
    }
}
